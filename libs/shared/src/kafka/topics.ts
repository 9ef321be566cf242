// Creates the pipeline's topics and their dead-letter topics (idempotent).
import { Kafka } from 'kafkajs';
import { ALL_TOPICS, dlqTopicOf, Topic } from '../contracts/topics';
import { topicName } from './topic-names';

export async function ensureTopics(
  kafka: Kafka,
  options: { partitions: number; topics?: readonly Topic[]; partitionsByTopic?: Partial<Record<Topic, number>> },
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = (options.topics ?? ALL_TOPICS).flatMap((topic) => {
      const partitions = options.partitionsByTopic?.[topic] ?? options.partitions;
      return [
        { topic: topicName(topic), numPartitions: partitions },
        { topic: dlqTopicOf(topicName(topic)), numPartitions: 1 },
      ];
    });
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length) {
      await admin.createTopics({ topics: missing, waitForLeaders: true }).catch((error: Error & { type?: string }) => {
        // Another replica created them first.
        if (error.type !== 'TOPIC_ALREADY_EXISTS' && !/already exists/i.test(error.message)) throw error;
      });
    }
  } finally {
    await admin.disconnect();
  }
}
