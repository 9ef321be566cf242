// OpenTelemetry tracing for every service. Instrumentations patch modules as they are
// required, so this must run before NestJS, kafkajs and pg load: each service's main.ts
// imports `@charts-vibe/shared/tracing` (register.ts) first. Spans go to the OTLP endpoint
// of the standard OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT) variable; with neither
// set, nothing starts and the API stays a no-op (no spans, no traceparent headers).
import { context, propagation, trace } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface TracingOptions {
  /** `service.name` of every span; OTEL_SERVICE_NAME wins when set. */
  serviceName: string;
  /** Where spans go instead of OTLP (tests: a SimpleSpanProcessor over an InMemorySpanExporter). */
  spanProcessors?: SpanProcessor[];
  env?: NodeJS.ProcessEnv;
}

export interface Tracing {
  serviceName: string;
  instrumentations: Instrumentation[];
  /** Exports what is buffered, then stops exporting and unpatches the instrumented modules. */
  shutdown(): Promise<void>;
}

let current: Tracing | undefined;

/** The OTLP endpoint for traces, if one is configured. */
export function otlpTracesEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined;
}

/** `service.name` from the entry script's package (`@charts-vibe/track-search` → `track-search`). */
export function serviceNameOfEntry(entryFile: string | undefined): string {
  let dir = entryFile ? dirname(entryFile) : process.cwd();
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
        if (name) return name.replace(/^@charts-vibe\//, '');
      } catch {
        // An unreadable manifest: keep looking upwards.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return 'charts-vibe';
    dir = parent;
  }
}

export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(otlpTracesEndpoint(env)) && !/^(true|1)$/i.test(env.OTEL_SDK_DISABLED ?? '');
}

/** Incoming requests not worth a trace: probes and Prometheus scrapes. */
export function isProbeRequest(url: string | undefined): boolean {
  return /^\/(health|metrics)(\/|\?|$)/.test(url ?? '');
}

export function createInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isProbeRequest(request.url) }),
    new UndiciInstrumentation(),
    new KafkaJsInstrumentation(),
    // Only queries made inside a trace: the outbox relay's and the sweeper's polling would
    // otherwise each start a one-span trace every second.
    new PgInstrumentation({ requireParentSpan: true }),
    // Supports @nestjs/core < 12 at the time of writing: inert on NestJS 12, where the
    // HTTP and kafkajs spans carry the requests and messages instead.
    new NestInstrumentation(),
  ];
}

/**
 * Starts the SDK once per process; later calls return the running one. Returns undefined
 * when tracing is off (no endpoint and no span processors given).
 */
export function startTracing(options: TracingOptions): Tracing | undefined {
  if (current) return current;
  const env = options.env ?? process.env;
  if (!options.spanProcessors && !tracingWanted(env)) return undefined;
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || options.serviceName;
  const instrumentations = createInstrumentations();
  const sdk = new NodeSDK({
    serviceName,
    instrumentations,
    // Without span processors the SDK builds the OTLP exporter from the OTEL_* variables
    // (protocol http/protobuf unless OTEL_EXPORTER_OTLP_PROTOCOL says otherwise).
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    // Metrics are Prometheus (prom-client) and logs are pino lines: no OTel readers.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  const tracing: Tracing = {
    serviceName,
    instrumentations,
    async shutdown() {
      if (current === tracing) current = undefined;
      for (const instrumentation of instrumentations) instrumentation.disable();
      await sdk.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
  current = tracing;
  return tracing;
}

export function runningTracing(): Tracing | undefined {
  return current;
}

export { flushTracing } from './spans';
