// Removes this run's per-file test topics, and stops the infrastructure when the setup started it.
import { Kafka, logLevel } from 'kafkajs';
import { infraDown } from '../../scripts/infra/index.mjs';

async function deleteTestTopics() {
  const run = process.env.CHARTS_VIBE_TEST_RUN;
  if (!process.env.KAFKA_BROKERS || !run) return;
  const admin = new Kafka({ clientId: 'test-teardown', brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`t-${run}-`));
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
