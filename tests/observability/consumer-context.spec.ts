// The consumer side without the kafkajs instrumentation (tracing on, kafkajs unpatched): the
// shared KafkaMessageHandler still runs the handler as a child of the traceparent the
// message carries, with the message's ids on the span and on every log line it writes.
import { Controller, Logger, Module } from '@nestjs/common';
import { Ctx, KafkaContext, Payload } from '@nestjs/microservices';
import { randomBytes, randomUUID } from 'node:crypto';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import {
  baseConfigSchema,
  ConsumeTopic,
  CoreModule,
  createMessage,
  KafkaMessageHandler,
  loadConfig,
  sendLogsTo,
  startService,
  topicName,
  Topics,
  TrackRequested,
  trackRequestedSchema,
} from '@charts-vibe/shared';
import { createTestDatabase, serviceEnv, TestDatabase, testKafka, waitFor } from '@charts-vibe/shared/testing';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { startTracing } from '../../libs/shared/src/observability/tracing';
import { parentId, traceId } from './tracing-harness';

const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'consumer-context-test', spanProcessors: [new SimpleSpanProcessor({ exporter })], env: {} })!;
const logLines: string[] = [];
sendLogsTo({ write: (line: string) => void logLines.push(line) });

const seen: { trackKey: string; traceId?: string }[] = [];

@Controller()
class RecordingConsumer {
  private readonly logger = new Logger('RecordingConsumer');
  constructor(private readonly handler: KafkaMessageHandler) {}

  @ConsumeTopic(Topics.trackRequested)
  onTrackRequested(@Payload() payload: unknown, @Ctx() context: KafkaContext) {
    return this.handler.handle(payload, context, {
      schema: trackRequestedSchema,
      process: async (message: TrackRequested) => {
        this.logger.log(`handling ${message.payload.trackKey}`);
        seen.push({ trackKey: message.payload.trackKey, traceId: trace.getActiveSpan()?.spanContext().traceId });
      },
    });
  }
}

describe('a consumed message continues the trace of its traceparent header', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let producer: Producer;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig(baseConfigSchema, serviceEnv(db.url, { LOG_LEVEL: 'info' }));
    @Module({ imports: [CoreModule.forRoot({ serviceName: 'consumer-context', config })], controllers: [RecordingConsumer] })
    class TestModule {}
    app = await startService({ serviceName: 'consumer-context', config, appModule: { module: TestModule }, consumes: true, host: '127.0.0.1' });
    producer = testKafka().producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await db?.drop();
    await tracing.shutdown();
    sendLogsTo(undefined);
  });

  it('runs the handler in a consumer span whose parent is the remote span, logging its trace and job ids', async () => {
    const remoteTrace = randomBytes(16).toString('hex');
    const remoteSpan = randomBytes(8).toString('hex');
    const jobId = randomUUID();
    const message = createMessage('track.requested', {
      jobId,
      trackKey: 'beatport:42',
      track: { beatportId: 42, title: 'Traced', mixName: null, artists: ['Someone'], remixers: [], lengthMs: null },
      attempt: 1,
    });
    await producer.send({
      topic: topicName(Topics.trackRequested),
      acks: -1,
      messages: [{ key: 'beatport:42', value: JSON.stringify(message), headers: { traceparent: `00-${remoteTrace}-${remoteSpan}-01` } }],
    });

    await waitFor('the handler to run', () => seen.find((s) => s.trackKey === 'beatport:42'));
    expect(seen.find((s) => s.trackKey === 'beatport:42')!.traceId).toBe(remoteTrace);
    const handle = await waitFor('the handle span', () => exporter.getFinishedSpans().find((s) => s.name === 'handle track.requested'));
    expect(traceId(handle)).toBe(remoteTrace);
    expect(parentId(handle)).toBe(remoteSpan);
    expect(handle.kind).toBe(SpanKind.CONSUMER);
    expect(handle.attributes).toMatchObject({ 'charts_vibe.job.id': jobId, 'charts_vibe.track.key': 'beatport:42', 'charts_vibe.message.id': message.id });

    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => r.msg === 'handling beatport:42');
    expect(line).toMatchObject({ trace_id: remoteTrace, job_id: jobId, track_key: 'beatport:42' });
  });
});
