// The first thing that must work: kafkajs 2.2.4 against the local Kafka 4 broker (KIP-896
// removed old protocol versions in 4.0).
import { testKafka, uniqueName, waitFor } from '@charts-vibe/shared/testing';

describe('the local Kafka broker', () => {
  it('lets kafkajs create a topic, produce, join a group and consume', async () => {
    const kafka = testKafka();
    const topic = `${process.env.KAFKA_TOPIC_PREFIX}smoke`; // under this run, removed by the teardown
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: ['a', 'b', 'c'].map((value) => ({ key: value, value })) });

    const groupId = uniqueName('smoke');
    const consumer = kafka.consumer({ groupId });
    const received: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message.value!.toString()) });
    await waitFor('three messages', () => received.length === 3);

    expect(received.sort()).toEqual(['a', 'b', 'c']);
    // The group committed its position: joining, syncing and committing all work on this broker.
    await waitFor('committed offsets', async () => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) === 3;
    });
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });
});
