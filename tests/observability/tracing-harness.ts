// Tracing inside jest. The instrumentations hook Node's require, but jest loads modules
// through its own registry, so kafkajs and pg required by a test file are never seen by
// that hook. startTestTracing starts the real SDK (spans into memory) and then hands each
// instrumentation the modules as this test file's registry loaded them — the very patch
// functions the require hook would have called, version checks included. The patches wrap
// prototypes in place (Kafka.prototype.producer/consumer, pg Client.prototype.query), so
// they reach the services however early those imported the module.
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { startTracing, Tracing } from '../../libs/shared/src/observability/tracing';

interface ModuleFile {
  name: string;
}
interface ModuleDefinition {
  name: string;
  files: ModuleFile[];
}
/** The two members of InstrumentationBase the require hook uses (not public API, hence this shape). */
interface HookedInstrumentation {
  _modules: ModuleDefinition[];
  _onRequire(module: ModuleDefinition, exports: unknown, name: string, baseDir?: string): unknown;
}

function packageDirOf(name: string): string | undefined {
  let dir: string;
  try {
    dir = dirname(require.resolve(name));
  } catch {
    return undefined;
  }
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** This test file's own require: the registry its services load modules from. */
function load(name: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest's module registry, on purpose
  return require(name);
}

/** Applies every instrumentation to the modules of this registry (core modules too). */
export function patchJestModules(instrumentations: Instrumentation[]): string[] {
  const patched: string[] = [];
  for (const instrumentation of instrumentations) {
    const hooked = instrumentation as unknown as HookedInstrumentation;
    for (const definition of hooked._modules ?? []) {
      const builtin = isBuiltin(definition.name);
      const baseDir = builtin ? undefined : packageDirOf(definition.name);
      if (!builtin && !baseDir) continue; // not installed
      hooked._onRequire(definition, load(definition.name), definition.name, baseDir);
      for (const file of definition.files ?? []) {
        let exports: unknown;
        try {
          exports = load(file.name);
        } catch {
          continue; // a file of another major version
        }
        hooked._onRequire(definition, exports, file.name, baseDir);
      }
      patched.push(definition.name);
    }
  }
  return patched;
}

export interface TestTracing {
  exporter: InMemorySpanExporter;
  tracing: Tracing;
  spans(): ReadableSpan[];
  stop(): Promise<void>;
}

export function startTestTracing(serviceName = 'charts-vibe-test'): TestTracing {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({ serviceName, spanProcessors: [new SimpleSpanProcessor({ exporter })], env: {} });
  if (!tracing) throw new Error('tracing did not start');
  patchJestModules(tracing.instrumentations);
  return {
    exporter,
    tracing,
    spans: () => exporter.getFinishedSpans(),
    stop: () => tracing.shutdown(),
  };
}

export const spanId = (span: ReadableSpan) => span.spanContext().spanId;
export const traceId = (span: ReadableSpan) => span.spanContext().traceId;
export const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** The chain of span names from `span` up to the root, within the recorded spans. */
export function ancestry(span: ReadableSpan, all: ReadableSpan[]): string[] {
  const byId = new Map(all.map((s) => [spanId(s), s]));
  const chain: string[] = [];
  for (let current: ReadableSpan | undefined = span; current; current = byId.get(parentId(current) ?? '')) {
    chain.push(current.name);
    if (chain.length > 100) break;
  }
  return chain;
}
