// The tracing preload in a real Node process (not jest): loaded first, it patches kafkajs
// and pg as they are required, names the service, and exports spans to the OTLP endpoint
// of OTEL_EXPORTER_OTLP_ENDPOINT; without that variable nothing starts at all.
// Runs the compiled libs/shared (npm test builds it first).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { requiredEnv, testKafka, uniqueName } from '@charts-vibe/shared/testing';
import { serviceNameOfEntry } from '../../libs/shared/src/observability/tracing';

const repo = resolve(__dirname, '../..');
const preload = join(repo, 'libs/shared/dist/observability/register.js');
const child = join(__dirname, 'preload-child.cjs');

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}
interface ExportedSpan extends OtlpSpan {
  service: string;
}

/** A minimal OTLP/HTTP (JSON) trace receiver. */
class OtlpReceiver {
  readonly spans: ExportedSpan[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: { stringValue?: string } }[] };
            scopeSpans: { spans: OtlpSpan[] }[];
          }[];
        };
        for (const resourceSpans of body.resourceSpans) {
          const service = resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) this.spans.push({ ...span, service });
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((done) => this.server?.close(done));
  }
}

interface ChildReport {
  kafkajsPatched: boolean;
  pgPatched: boolean;
  tracerProvider: string;
  headers: Record<string, string>;
}

async function runChild(env: Record<string, string>): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--require', preload, child], {
    cwd: repo,
    env: {
      PATH: process.env.PATH,
      KAFKA_BROKERS: requiredEnv('KAFKA_BROKERS'),
      DATABASE_URL: requiredEnv('DATABASE_URL'),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...env,
    },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildReport;
}

describe('the tracing preload in a real Node process', () => {
  const receiver = new OtlpReceiver();
  let endpoint: string;
  const topic = `${process.env.KAFKA_TOPIC_PREFIX}${uniqueName('preload')}`;

  beforeAll(async () => {
    if (!existsSync(preload)) throw new Error(`${preload} is missing: build libs/shared first (npm test does)`);
    endpoint = await receiver.start();
    const admin = testKafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  });
  afterAll(() => receiver.stop());

  it('patches kafkajs and pg, and exports one trace (domain span, Kafka send, query) under the service name', async () => {
    const report = await runChild({
      PRELOAD_TOPIC: topic,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'preload-probe',
    });
    expect(report).toMatchObject({ kafkajsPatched: true, pgPatched: true, tracerProvider: 'TracerProvider' });
    const root = receiver.spans.find((s) => s.name === 'preload check');
    expect(root).toBeDefined();
    const trace = receiver.spans.filter((s) => s.traceId === root!.traceId);
    const send = trace.find((s) => s.name === `send ${topic}`);
    const query = trace.find((s) => s.name.startsWith('pg.query:SELECT'));
    expect(send?.parentSpanId).toBe(root!.spanId);
    expect(query?.parentSpanId).toBe(root!.spanId);
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['preload-probe']));
    // The message carries the send span's context: the consumer continues this trace.
    expect(report.headers.traceparent).toBe(`00-${root!.traceId}-${send!.spanId}-01`);
  });

  it('starts nothing without OTEL_EXPORTER_OTLP_ENDPOINT: no patching, no spans, no traceparent', async () => {
    const before = receiver.spans.length;
    const report = await runChild({ PRELOAD_TOPIC: topic });
    expect(report).toEqual({ kafkajsPatched: false, pgPatched: false, tracerProvider: 'NoopTracerProvider', headers: {} });
    expect(receiver.spans.length).toBe(before);
  });

  it('names a service after its package when OTEL_SERVICE_NAME is not set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-entry-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@charts-vibe/track-search' }));
    expect(serviceNameOfEntry(join(dir, 'dist', 'main.js'))).toBe('track-search');
    expect(serviceNameOfEntry(join(repo, 'services', 'chart-processor', 'dist', 'main.js'))).toBe('chart-processor');
  });
});
