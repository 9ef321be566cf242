// The heart of charts-vibe against the real Kafka and PostgreSQL: a chart fans out into
// one search per track, and job.completed is emitted exactly once.
import { topicName, Topics, trackKeyOf } from '@charts-vibe/shared';
import { appUrl, waitFor } from '@charts-vibe/shared/testing';
import { Pipeline, syntheticChart, syntheticTracks } from './harness';

// The API's answers, read loosely: the assertions below say what they must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const getJson = async (url: string): Promise<any> => (await fetch(url)).json();

describe('job completion', () => {
  const pipeline = new Pipeline({ CONSUMER_MAX_ATTEMPTS: '3' });
  let api: string;

  beforeAll(async () => {
    await pipeline.start();
    const chartProcessor = await pipeline.startChartProcessor();
    api = await appUrl(chartProcessor);
  }, 90_000);
  afterAll(() => pipeline.stop(), 60_000);

  // Tracks 1..25: 21 found, 3 found nowhere (ids 5, 10, 15), 1 failing on every attempt (id 20).
  const tracks = syntheticTracks(25, 1);
  const fixture = {
    tracks: {
      [trackKeyOf(5)]: { outcome: 'not_found' as const },
      [trackKeyOf(10)]: { outcome: 'not_found' as const },
      [trackKeyOf(15)]: { outcome: 'not_found' as const },
      [trackKeyOf(20)]: { error: 'transient' as const },
    },
  };
  const chart = syntheticChart(tracks, 'beatport:top-100');

  it('completes a 25-track chart with 21 matched, 3 not found and 1 failed, emitting job.completed once', async () => {
    await pipeline.startTrackSearch(fixture);
    await pipeline.publishChart(chart);
    const job = await pipeline.waitForJob(chart.payload.chartId);
    expect(job).toMatchObject({ expected_count: 25, processed_count: 25, matched_count: 21, not_found_count: 3, failed_count: 1 });

    const completions = await pipeline.settledCompletions(job.id);
    expect(completions).toHaveLength(1);
    expect(completions[0].payload).toMatchObject({
      chartId: chart.payload.chartId,
      status: 'completed',
      counts: { expected: 25, matched: 21, notFound: 3, failed: 1 },
    });
    // The failing track went to the DLQ after its last attempt, with the reason.
    const letters = pipeline.trackDlq.values<{ payload: { originalKey: string; attempts: number; error: string } }>();
    expect(letters.filter((l) => l.payload.originalKey === trackKeyOf(20))).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ attempts: 3, error: expect.stringContaining('transient failure 3') }) }),
    ]);
    // One track.matched per track, the last one saying 25/25.
    await pipeline.matched.waitForCount(25);
    const progress = pipeline.matched.values<{ payload: { jobId: string; processedCount: number; expectedCount: number } }>()
      .filter((m) => m.payload.jobId === job.id)
      .map((m) => m.payload.processedCount)
      .sort((a, b) => a - b);
    expect(progress).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('serves the job with its progress, counts and unmatched tracks', async () => {
    const job = (await pipeline.jobOf(chart.payload.chartId))!;
    const body = await getJson(`${api}/jobs/${job.id}`);
    expect(body).toMatchObject({
      status: 'completed',
      progress: { processed: 25, expected: 25, percent: 100 },
      counts: { expected: 25, matched: 21, notFound: 3, failed: 1 },
    });
    expect(body.unmatched.map((u: { positions: number[]; outcome: string }) => [u.positions[0], u.outcome])).toEqual([
      [5, 'not_found'],
      [10, 'not_found'],
      [15, 'not_found'],
      [20, 'failed'],
    ]);
    const list = await getJson(`${api}/jobs?status=completed&limit=10`);
    expect(list.jobs.map((j: { id: string }) => j.id)).toContain(job.id);
    expect((await fetch(`${api}/jobs?status=bogus`)).status).toBe(400);
    expect((await fetch(`${api}/jobs/not-a-uuid`)).status).toBe(400);
    expect((await fetch(`${api}/jobs/00000000-0000-4000-8000-000000000000`)).status).toBe(404);

    const chartBody = await getJson(`${api}/charts/${encodeURIComponent(chart.payload.chartId)}`);
    expect(chartBody.entries).toHaveLength(25);
    expect(chartBody.entries[0]).toMatchObject({ position: 1, trackKey: trackKeyOf(1), match: { status: 'matched', videoId: 'v_1' } });
    expect(chartBody.entries[4].match).toMatchObject({ status: 'not_found', videoId: null });
  });

  it('counts every track once when each track.requested is delivered three times', async () => {
    await pipeline.stopTrackSearches(); // the duplicates must all be waiting when searching starts
    const redelivered = syntheticChart(syntheticTracks(30, 1_001));
    await pipeline.publishChart(redelivered);
    const job = await waitFor('the job', () => pipeline.jobOf(redelivered.payload.chartId));
    await waitFor('30 track.requested', () =>
      pipeline.requested.messages.filter((m) => JSON.parse(m.value!.toString()).payload.jobId === job.id).length === 30,
    );
    const originals = pipeline.requested.messages.filter((m) => JSON.parse(m.value!.toString()).payload.jobId === job.id);
    const copies = originals.map((m) => ({ key: m.key!.toString(), value: m.value! }));
    await pipeline.publish(topicName(Topics.trackRequested), [...copies, ...copies]);

    await pipeline.startTrackSearch({});
    const done = await pipeline.waitForJob(redelivered.payload.chartId);
    expect(done).toMatchObject({ expected_count: 30, processed_count: 30, matched_count: 30, not_found_count: 0, failed_count: 0 });
    expect(await pipeline.settledCompletions(job.id)).toHaveLength(1);
    const [{ items }] = await pipeline.db.dataSource.query(`SELECT count(*)::int AS items FROM job_items WHERE job_id = $1`, [job.id]);
    expect(items).toBe(30);
  });

  it('completes at once, with nothing to search, a chart whose tracks were all matched recently', async () => {
    // Tracks 1001..1030 were matched by the previous test; a new chart of ten of them.
    const cached = syntheticChart(syntheticTracks(10, 1_011), 'beatport:hype-100');
    const searchesBefore = pipeline.trackSearches.reduce((n, t) => n + t.provider.calls.length, 0);
    await pipeline.publishChart(cached);
    const job = await pipeline.waitForJob(cached.payload.chartId);
    expect(job).toMatchObject({ expected_count: 0, processed_count: 0 });
    const [completion] = await pipeline.settledCompletions(job.id);
    expect(completion.payload.counts).toEqual({ expected: 0, matched: 0, notFound: 0, failed: 0 });
    expect(pipeline.trackSearches.reduce((n, t) => n + t.provider.calls.length, 0)).toBe(searchesBefore);
  });

  it('creates one job when the same chart.scraped is delivered twice', async () => {
    const twice = syntheticChart(syntheticTracks(5, 2_001));
    await pipeline.publishChart(twice);
    await pipeline.publishChart(twice);
    const job = await pipeline.waitForJob(twice.payload.chartId);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [{ jobs }] = await pipeline.db.dataSource.query(`SELECT count(*)::int AS jobs FROM jobs WHERE chart_id = $1`, [twice.payload.chartId]);
    expect(jobs).toBe(1);
    expect(await pipeline.settledCompletions(job.id)).toHaveLength(1);
  });

  it('sends malformed track.requested to the DLQ with the reason, moves no counter, and goes on', async () => {
    const running = syntheticChart(syntheticTracks(3, 3_001));
    await pipeline.publishChart(running);
    const job = await pipeline.waitForJob(running.payload.chartId);
    const countersBefore = await pipeline.jobOf(running.payload.chartId);

    const requested = JSON.parse(pipeline.requested.messages.find((m) => JSON.parse(m.value!.toString()).payload.jobId === job.id)!.value!.toString());
    const missingField = { ...requested, payload: { ...requested.payload, trackKey: undefined } };
    await pipeline.publish(topicName(Topics.trackRequested), [
      { key: 'bad-json', value: '{"payload": {"jobId": ' },
      { key: 'missing-field', value: JSON.stringify(missingField) },
    ]);
    await waitFor('two malformed dead letters', () =>
      pipeline.trackDlq.values<{ payload: { originalKey: string } }>().filter((l) => ['bad-json', 'missing-field'].includes(l.payload.originalKey)).length === 2,
    );
    const reasons = pipeline.trackDlq
      .values<{ payload: { originalKey: string; error: string; kind: string } }>()
      .filter((l) => ['bad-json', 'missing-field'].includes(l.payload.originalKey))
      .map((l) => [l.payload.originalKey, l.payload.kind, l.payload.error])
      .sort(([a], [b]) => a.localeCompare(b)); // different keys, different partitions: any order
    expect(reasons).toEqual([
      ['bad-json', 'malformed', expect.stringContaining('value is not JSON')],
      ['missing-field', 'malformed', expect.stringContaining('payload.trackKey')],
    ]);
    expect(await pipeline.jobOf(running.payload.chartId)).toEqual(countersBefore);

    const after = syntheticChart(syntheticTracks(4, 3_101));
    await pipeline.publishChart(after);
    expect(await pipeline.waitForJob(after.payload.chartId)).toMatchObject({ processed_count: 4, matched_count: 4 });
  });
});
