// Reads a whole topic, from the first offset to the high watermark of the moment, with a
// fresh consumer group: an exact snapshot, unaffected by outages a long-lived reader lived through.
import { uniqueName } from '@charts-vibe/shared/testing';
import { Kafka, KafkaMessage } from 'kafkajs';

export type TopicMessage = KafkaMessage & { partition: number };

export async function readTopic(kafka: Kafka, topic: string, timeoutMs = 30_000): Promise<TopicMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends = new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]));
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];

  const messages: TopicMessage[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('snapshot'), allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} took longer than ${timeoutMs} ms`)), timeoutMs);
      void consumer.subscribe({ topic, fromBeginning: true }).then(() =>
        consumer.run({
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return;
            messages.push({ ...message, partition });
            if (BigInt(message.offset) === end - 1n) ends.delete(partition);
            if (ends.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        }),
      ).catch(reject);
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export function jsonOf<T>(message: KafkaMessage): T {
  return JSON.parse(message.value?.toString('utf8') ?? 'null') as T;
}
