// Two track-search instances in one consumer group share a job across 6 partitions.
import { consumerGroupIdOf, topicName, Topics } from '@charts-vibe/shared';
import { waitFor } from '@charts-vibe/shared/testing';
import { Pipeline, syntheticChart, syntheticTracks } from './harness';

describe('two track-search instances', () => {
  const pipeline = new Pipeline({ KAFKA_TOPIC_PARTITIONS: '6' });

  beforeAll(async () => {
    await pipeline.start();
    await pipeline.startChartProcessor();
  }, 90_000);
  afterAll(() => pipeline.stop(), 60_000);

  it('share a 100-track job across 6 partitions with exact counts and one job.completed', async () => {
    const fixture = { delayMs: 5 };
    const first = await pipeline.startTrackSearch(fixture);
    const second = await pipeline.startTrackSearch(fixture);
    const admin = pipeline.kafka.admin();
    await admin.connect();
    await waitFor('both members in the group, owning partitions', async () => {
      const { groups } = await admin.describeGroups([consumerGroupIdOf(pipeline.trackSearchGroup)]);
      return groups[0]?.state === 'Stable' && groups[0].members.length === 2;
    }, { timeoutMs: 60_000, intervalMs: 250 });
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topicName(Topics.trackRequested)] })).topics;
    await admin.disconnect();
    expect(metadata.partitions).toHaveLength(6);

    const chart = syntheticChart(syntheticTracks(100, 10_001));
    await pipeline.publishChart(chart);
    const job = await pipeline.waitForJob(chart.payload.chartId);
    expect(job).toMatchObject({ expected_count: 100, processed_count: 100, matched_count: 100, not_found_count: 0, failed_count: 0 });
    expect(await pipeline.settledCompletions(job.id)).toHaveLength(1);
    // Both did real work, and no track was searched twice.
    expect(first.calls.length).toBeGreaterThan(0);
    expect(second.calls.length).toBeGreaterThan(0);
    expect(first.calls.length + second.calls.length).toBe(100);
  });
});
