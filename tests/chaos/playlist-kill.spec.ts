// The playlist service (compiled, as a pod runs it) SIGKILLed in the middle of writing a
// 180-video playlist to the fake YouTube Data API — each item insert held 40 ms by a slow
// proxy, so the kill lands mid-way — then started again. The playlist ends equal to the
// chart's matched tracks in chart order: nothing inserted twice, nothing missing.
import { serviceEnv, uniqueName, waitFor } from '@charts-vibe/shared/testing';
import { FakeYouTubeDataApi } from '@charts-vibe/fakes/youtube/fake-youtube-data-api';
import path from 'node:path';
import { Pipeline } from '../orchestrator/harness';
import { chaosJob, chaosServiceEnv, seededRandom, workDir } from './support/scenario';
import { assertBuilt, ServiceProcess } from './support/service-process';
import { SlowProxy } from './support/slow-proxy';
import { verifyJob } from './support/verify';

const INSERT_DELAY_MS = 40;

describe('the playlist service killed mid-playlist', () => {
  const pipeline = new Pipeline();
  const work = workDir('playlist');
  const youtube = new FakeYouTubeDataApi({ quotaLimit: 1_000_000 });
  let proxy: SlowProxy;
  let playlist: ServiceProcess | undefined;

  beforeAll(async () => {
    assertBuilt('playlist');
    await youtube.start();
    proxy = await new SlowProxy(youtube.rootUrl, (method, urlPath) =>
      method === 'POST' && urlPath === '/youtube/v3/playlistItems' ? INSERT_DELAY_MS : 0,
    ).start();
    await pipeline.start();
    await pipeline.startChartProcessor();
  }, 90_000);
  afterAll(async () => {
    await playlist?.kill();
    await pipeline.stop();
    await proxy?.stop();
    await youtube.stop();
    work.cleanup();
  }, 60_000);

  it('resumes after a SIGKILL and leaves the playlist equal to the matched tracks in chart order', async () => {
    const random = seededRandom('playlist SIGKILL');
    const job = chaosJob(work.dir, 710_001, 0);
    playlist = await ServiceProcess.start(
      'playlist',
      serviceEnv(pipeline.db.url, chaosServiceEnv({
        KAFKA_GROUP_ID: uniqueName('playlist'),
        YOUTUBE_CLIENT_ID: 'chaos.apps.googleusercontent.com',
        YOUTUBE_CLIENT_SECRET: 'chaos-secret',
        YOUTUBE_REFRESH_TOKEN: 'chaos-refresh-token',
        YOUTUBE_API_ROOT_URL: `${proxy.url}/`,
        YOUTUBE_OAUTH_TOKEN_URL: `${proxy.url}/token`,
        YOUTUBE_DAILY_QUOTA_UNITS: '1000000',
        YOUTUBE_RETRY_INITIAL_MS: '5',
        YOUTUBE_RETRY_MAX_MS: '50',
        PLAYLIST_RESUME_INTERVAL_MS: '1000',
      })),
      path.join(work.dir, 'playlist.log'),
    );
    await playlist.waitUntilReady();
    // track-search in process: the job completes in a moment; the playlist is what this case is about.
    await pipeline.startTrackSearch({ tracks: Object.fromEntries(job.chart.payload.tracks.filter((_, i) => i % 10 === 9).map((t) => [`beatport:${t.beatportId}`, { outcome: 'not_found' as const }])) });
    await pipeline.publishChart(job.chart);

    const killAfter = random.between(20, 150);
    const inserted = () => youtube.log.filter((e) => e.operation === 'playlistItems.insert' && e.status === 200).length;
    await waitFor(`${killAfter} items inserted`, () => inserted() >= killAfter, { timeoutMs: 90_000, intervalMs: 5 });
    await playlist.kill();
    const atKill = inserted();
    expect(atKill).toBeLessThan(job.playlist.length);

    await playlist.restart();
    const jobRow = await pipeline.waitForJob(job.chart.payload.chartId);
    try {
      await waitFor('the playlist run to be done', async () => {
        const [run] = await pipeline.db.dataSource.query(`SELECT status FROM playlist_runs WHERE job_id = $1`, [jobRow.id]);
        return run?.status === 'done';
      }, { timeoutMs: 120_000, intervalMs: 250 });
    } catch (error) {
      console.error(`playlist log:\n${playlist.logTail()}`);
      throw error;
    }

    await verifyJob(pipeline.db.dataSource, pipeline.kafka, job.chart.payload.chartId, job.counts);
    expect([...youtube.playlists.keys()]).toHaveLength(1);
    const [youtubePlaylistId] = youtube.playlists.keys();
    expect(youtube.videoIds(youtubePlaylistId)).toEqual(job.playlist);
    // Every video inserted once: the write in flight at the kill was found by the read-back, not repeated.
    const inserts = youtube.log.filter((e) => e.operation === 'playlistItems.insert' && e.status === 200);
    expect(inserts).toHaveLength(job.playlist.length);
    expect(youtube.log.filter((e) => e.operation === 'playlistItems.delete')).toEqual([]);
    const [recorded] = await pipeline.db.dataSource.query(
      `SELECT p.youtube_playlist_id, r.output->>'itemCount' AS item_count FROM playlist_runs r JOIN playlists p ON p.id = r.playlist_id WHERE r.job_id = $1`,
      [jobRow.id],
    );
    expect(recorded).toEqual({ youtube_playlist_id: youtubePlaylistId, item_count: String(job.playlist.length) });
    console.log(`playlist SIGKILL (seed ${random.seed}): killed after ${atKill} of ${job.playlist.length} inserts`);
  }, 240_000);
});
