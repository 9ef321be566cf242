// Consumer lag as the services export it, from the kafkajs admin API against the real broker.
import { ConsumerLagCollector, lagOf, metricsRegistry } from '@charts-vibe/shared';
import { testKafka, uniqueName } from '@charts-vibe/shared/testing';
import { parseSamples, valueOf } from './metrics-text';

describe('consumer lag', () => {
  it('is end offset minus committed offset per partition, everything when nothing is committed', () => {
    const ends = [
      { partition: 0, high: '10', low: '0' },
      { partition: 1, high: '7', low: '2' },
      { partition: 2, high: '4', low: '4' },
    ];
    expect(lagOf(ends, new Map([[0, 8], [1, 7]]))).toEqual({ lag: 2 + 0 + 0, endOffset: 21 });
    expect(lagOf(ends, new Map())).toEqual({ lag: 10 + 5 + 0, endOffset: 21 });
    expect(lagOf(ends, new Map([[0, -1]]))).toEqual({ lag: 10 + 5 + 0, endOffset: 21 });
  });

  it('exports the lag of a group per topic and follows its commits', async () => {
    const kafka = testKafka();
    const logical = uniqueName('lag');
    const topic = `${process.env.KAFKA_TOPIC_PREFIX}${logical}`;
    const group = uniqueName('lag-group');
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    await producer.connect();
    const collector = new ConsumerLagCollector(kafka, group);
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, value: `m${i}` })) });
      await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }, { partition: 1, offset: '3' }] });

      expect(await collector.collect()).toEqual([{ topic, lag: 2 + 0, endOffset: 6 }]);
      const lagMetric = async () =>
        valueOf(parseSamples(await metricsRegistry.metrics()), 'charts_vibe_kafka_consumer_lag_messages', { group, topic: logical });
      expect(await lagMetric()).toBe(2);

      await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '3' }, { partition: 1, offset: '3' }] });
      await collector.collect();
      expect(await lagMetric()).toBe(0);
    } finally {
      await collector.stop();
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});
