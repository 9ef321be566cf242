// The transactional outbox against the real PostgreSQL and Kafka.
import { createTestDatabase, TestDatabase, testKafka, TopicRecorder, uniqueName, waitFor } from '@charts-vibe/shared/testing';
import { Kafka } from 'kafkajs';
import { KafkaPublisher } from '../kafka/publisher';
import { OutboxRelay } from './outbox-relay';
import { writeToOutbox } from './outbox-writer';

describe('the outbox', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let topic: string;
  let recorder: TopicRecorder;
  const publishers: KafkaPublisher[] = [];

  function relay(pollIntervalMs = 100): OutboxRelay {
    const publisher = new KafkaPublisher(kafka);
    publishers.push(publisher);
    return new OutboxRelay(db.dataSource, publisher, { databaseUrl: db.url, batchSize: 50, pollIntervalMs });
  }

  const write = (ids: number[]) =>
    db.dataSource.transaction((manager) =>
      writeToOutbox(manager, ids.map((id) => ({ topic, key: `k${id % 7}`, message: { id } }))),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    kafka = testKafka();
    topic = `${process.env.KAFKA_TOPIC_PREFIX}${uniqueName('outbox')}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    recorder = await new TopicRecorder(kafka, topic).start();
  });

  afterAll(async () => {
    await recorder.stop();
    await Promise.all(publishers.map((p) => p.onApplicationShutdown()));
    await db.drop();
  });

  it('never publishes an event written in a rolled-back transaction', async () => {
    await expect(
      db.dataSource.transaction(async (manager) => {
        await writeToOutbox(manager, [{ topic, key: 'x', message: { id: -1 } }]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const first = relay();
    expect(await first.publishBatch()).toBe(0);
    const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM outbox`);
    expect(count).toBe(0);
  });

  it('publishes each committed event exactly once with two relays running', async () => {
    const a = relay();
    const b = relay();
    a.start();
    b.start();
    const ids = Array.from({ length: 400 }, (_, i) => i);
    // Many small transactions while both relays compete for rows.
    for (let i = 0; i < ids.length; i += 20) await write(ids.slice(i, i + 20));
    await recorder.waitForCount(400);
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate to show up
    await Promise.all([a.stop(), b.stop()]);
    const seen = recorder.values<{ id: number }>().map((v) => v.id);
    expect(seen).toHaveLength(400);
    expect(new Set(seen).size).toBe(400);
    const [{ unpublished }] = await db.dataSource.query(`SELECT count(*)::int AS unpublished FROM outbox WHERE published_at IS NULL`);
    expect(unpublished).toBe(0);
  });

  it('carries on after a relay restart, publishing what was written while it was down', async () => {
    const before = recorder.messages.length;
    const first = relay();
    first.start();
    await write([1000, 1001]);
    await recorder.waitForCount(before + 2);
    await first.stop();
    await write([1002, 1003, 1004]);
    const second = relay(60_000); // a long poll: only NOTIFY or the start-up pass can wake it
    second.start();
    await recorder.waitForCount(before + 5);
    await write([1005]);
    await recorder.waitForCount(before + 6, 10_000);
    await second.stop();
    const ids = recorder.values<{ id: number }>().map((v) => v.id).filter((id) => id >= 1000);
    expect(ids.sort()).toEqual([1000, 1001, 1002, 1003, 1004, 1005]);
  });

  it('keeps the order of events for the same key', async () => {
    const before = recorder.messages.length;
    await write(Array.from({ length: 30 }, (_, i) => 2000 + i * 7)); // all share key k5
    const r = relay();
    r.start();
    await waitFor('30 ordered events', () => recorder.messages.length >= before + 30);
    await r.stop();
    const ids = recorder.values<{ id: number }>().map((v) => v.id).filter((id) => id >= 2000);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });
});
