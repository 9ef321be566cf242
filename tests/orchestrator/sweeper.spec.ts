// A job whose message was lost expires on time and emits job.completed once, even with
// two chart-processor replicas sweeping.
import { createMessage, topicName, Topics, trackKeyOf, writeToOutbox } from '@charts-vibe/shared';
import { waitFor } from '@charts-vibe/shared/testing';
import { randomUUID } from 'node:crypto';
import { Pipeline, syntheticChart, syntheticTracks } from './harness';

describe('the job sweeper', () => {
  const pipeline = new Pipeline({ SWEEP_INTERVAL_MS: '300' });

  beforeAll(async () => {
    await pipeline.start();
    await pipeline.startChartProcessor();
    await pipeline.startChartProcessor();
    await pipeline.startTrackSearch({});
  }, 90_000);
  afterAll(() => pipeline.stop(), 60_000);

  it('expires a job with a lost track.requested at its deadline, failing the missing track, once', async () => {
    // A chart stored as chart-processor would, but one of its three messages never reaches Kafka.
    const tracks = syntheticTracks(3, 20_001);
    const chart = syntheticChart(tracks);
    const jobId = randomUUID();
    const keys = tracks.map((t) => trackKeyOf(t.beatportId));
    await pipeline.db.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO charts (id, chart_ref, source, source_url, name, scraped_at, snapshot, content_hash, track_count)
         VALUES ($1, $2, 'page', $3, 'lost message chart', now(), '{}', 'h', 3)`,
        [chart.payload.chartId, chart.payload.chartRef, chart.payload.sourceUrl],
      );
      for (const t of tracks) {
        await manager.query(
          `INSERT INTO tracks (track_key, beatport_id, title, artists, remixers) VALUES ($1, $2, $3, $4, '[]')`,
          [trackKeyOf(t.beatportId), t.beatportId, t.title, JSON.stringify(t.artists)],
        );
      }
      await manager.query(
        `INSERT INTO jobs (id, chart_id, chart_ref, source, expected_count, requested_track_keys, deadline_at)
         VALUES ($1, $2, $3, 'page', 3, $4, now() + interval '4 seconds')`,
        [jobId, chart.payload.chartId, chart.payload.chartRef, keys],
      );
      await writeToOutbox(
        manager,
        tracks.slice(0, 2).map((t) => ({
          topic: topicName(Topics.trackRequested),
          key: trackKeyOf(t.beatportId),
          message: createMessage('track.requested', {
            jobId,
            trackKey: trackKeyOf(t.beatportId),
            track: { beatportId: t.beatportId, title: t.title, mixName: t.mixName, artists: t.artists, remixers: [], lengthMs: t.lengthMs },
            attempt: 1,
          }),
        })),
      );
    });

    await waitFor('two outcomes', async () => (await pipeline.jobOf(chart.payload.chartId))?.processed_count === 2);
    expect((await pipeline.jobOf(chart.payload.chartId))?.status).toBe('processing');

    const job = await pipeline.waitForJob(chart.payload.chartId, 'expired', 20_000);
    expect(job).toMatchObject({ expected_count: 3, processed_count: 3, matched_count: 2, failed_count: 1 });
    const [missing] = await pipeline.db.dataSource.query(`SELECT outcome, reason FROM job_items WHERE job_id = $1 AND track_key = $2`, [jobId, keys[2]]);
    expect(missing).toEqual({ outcome: 'failed', reason: expect.stringContaining('expired') });

    const completions = await pipeline.settledCompletions(jobId, 1_500);
    expect(completions).toHaveLength(1);
    expect(completions[0].payload).toMatchObject({ status: 'expired', counts: { expected: 3, matched: 2, notFound: 0, failed: 1 } });
  });
});
