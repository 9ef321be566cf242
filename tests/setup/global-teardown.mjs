// Removes the per-file test topics, and stops the infrastructure when the setup started it.
import { Kafka, logLevel } from 'kafkajs';
import { infraDown } from '../../scripts/infra/index.mjs';

async function deleteTestTopics() {
  if (!process.env.KAFKA_BROKERS) return;
  const admin = new Kafka({ clientId: 'test-teardown', brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => /^t-[0-9a-f]{8}\./.test(topic));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
  } catch (error) {
    console.warn(`could not delete test topics: ${error.message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export default async function globalTeardown() {
  await deleteTestTopics();
  if (globalThis.__CHARTS_VIBE_STARTED_INFRA__) await infraDown();
}
