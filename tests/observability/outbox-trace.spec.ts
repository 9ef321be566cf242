// The trace context through the transactional outbox, against the real PostgreSQL and
// Kafka with the kafkajs instrumentation active: each row is published as a child of the
// context stored with it — even when rows of different traces leave in one batch — and the
// instrumented producer does not stamp the relay's own context over it.
import { context, trace } from '@opentelemetry/api';
import { KafkaPublisher, OutboxRelay, withSpan, writeToOutbox } from '@charts-vibe/shared';
import { createTestDatabase, TestDatabase, testKafka, TopicRecorder, uniqueName, waitFor } from '@charts-vibe/shared/testing';
import { Kafka } from 'kafkajs';
import { parentId, spanId, startTestTracing, traceId } from './tracing-harness';

const tracing = startTestTracing();

describe('trace context through the outbox', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let topic: string;
  const logical = uniqueName('outbox_trace');
  let recorder: TopicRecorder;
  let publisher: KafkaPublisher;

  beforeAll(async () => {
    db = await createTestDatabase();
    kafka = testKafka();
    topic = `${process.env.KAFKA_TOPIC_PREFIX}${logical}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    recorder = await new TopicRecorder(kafka, topic).start();
    publisher = new KafkaPublisher(kafka);
  });

  afterAll(async () => {
    await recorder?.stop();
    await publisher?.onApplicationShutdown();
    await db?.drop();
    await tracing.stop();
  });

  const headerOf = (id: number) => {
    const message = recorder.messages.find((m) => JSON.parse(m.value!.toString()).id === id)!;
    return message.headers?.traceparent?.toString();
  };

  it('publishes rows of two traces in one batch, each continuing the trace that wrote it', async () => {
    const writers: string[] = [];
    for (const id of [1, 2]) {
      await withSpan(`write ${id}`, {}, async () => {
        writers.push(trace.getActiveSpan()!.spanContext().spanId);
        await db.dataSource.transaction((manager) => writeToOutbox(manager, [{ topic, key: `k${id}`, message: { id } }]));
      });
    }
    const relay = new OutboxRelay(db.dataSource, publisher, { databaseUrl: db.url, batchSize: 10, pollIntervalMs: 100 });
    // The relay runs inside a span of its own, which must not leak into the messages.
    const published = await withSpan('relay pass', {}, () => relay.publishBatch());
    expect(published).toBe(2);
    await recorder.waitForCount(2);

    const spans = tracing.spans();
    const relayPass = spans.find((s) => s.name === 'relay pass')!;
    for (const [index, id] of [1, 2].entries()) {
      const writer = spans.find((s) => s.name === `write ${id}`)!;
      const publish = spans.find((s) => s.name === `outbox publish ${logical}` && parentId(s) === writers[index])!;
      expect(publish).toBeDefined();
      expect(traceId(publish)).toBe(traceId(writer));
      expect(publish.attributes['charts_vibe.outbox.id']).toEqual(expect.any(String));
      // The message carries the publish span: a consumer's span becomes its child.
      expect(headerOf(id)).toBe(`00-${traceId(writer)}-${spanId(publish)}-01`);
      expect(traceId(writer)).not.toBe(traceId(relayPass));
    }
    // No `send` span of the instrumented producer was recorded for the relay's batch.
    expect(spans.filter((s) => s.name === `send ${topic}`)).toEqual([]);
  });

  it('keeps publishing rows written outside any trace, each as a new trace', async () => {
    const before = recorder.messages.length;
    await context.with(context.active(), () =>
      db.dataSource.transaction((manager) => writeToOutbox(manager, [{ topic, key: 'k3', message: { id: 3 } }])),
    );
    const relay = new OutboxRelay(db.dataSource, publisher, { databaseUrl: db.url, batchSize: 10, pollIntervalMs: 100 });
    expect(await relay.publishBatch()).toBe(1);
    await waitFor('row 3 on Kafka', () => recorder.messages.length > before);
    const publish = tracing.spans().filter((s) => s.name === `outbox publish ${logical}`).at(-1)!;
    expect(parentId(publish)).toBeUndefined();
    expect(headerOf(3)).toBe(`00-${traceId(publish)}-${spanId(publish)}-01`);
  });
});
