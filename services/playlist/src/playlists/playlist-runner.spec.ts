// The playlist runner against a real PostgreSQL and the fake YouTube Data API, through the
// real googleapis client: create, sync, redelivery, crash and resume, quota, errors, files.
import { FakeYouTubeDataApi, LoggedRequest } from '@charts-vibe/fakes/youtube/fake-youtube-data-api';
import { Logger } from '@nestjs/common';
import { metricsRegistry } from '@charts-vibe/shared';
import { createTestDatabase, TestDatabase, waitFor } from '@charts-vibe/shared/testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matchedTrack, matchedTracks, seedCompletedJob, SeedTrack, videoIdOf } from '../testing/chart-seed';
import { ManualClock, TEST_CREDENTIALS, testConfig } from '../testing/test-config';
import { createPlaylistRunner } from './create-playlist-runner';
import { PlaylistRun, RunOutput } from './playlist.repository';
import { ResumeScheduler } from './resume.scheduler';

describe('the playlist runner on the fake YouTube Data API', () => {
  let db: TestDatabase;
  let fake: FakeYouTubeDataApi;
  let credentialCount = 0;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    db = await createTestDatabase();
    fake = await new FakeYouTubeDataApi({ ...TEST_CREDENTIALS }).start();
  });

  afterAll(async () => {
    await fake?.stop();
    await db?.drop();
  });

  beforeEach(() => {
    fake.resetQuota();
    fake.quotaLimit = 10_000;
  });

  /** A runner as one process would build it; every test counts quota under its own credential. */
  function runner(extra: Record<string, string> = {}, clock = new ManualClock(new Date('2026-12-04T15:00:00Z'))) {
    const credential = `test-credential-${++credentialCount}`;
    const config = testConfig(db.url, fake, { YOUTUBE_QUOTA_CREDENTIAL: credential, ...extra });
    return { runner: createPlaylistRunner(db.dataSource, config, clock), credential, clock, config };
  }

  async function runOf(jobId: string): Promise<PlaylistRun & { output: RunOutput }> {
    const [row] = await db.dataSource.query(`SELECT status, reason, resume_after, output, playlist_id FROM playlist_runs WHERE job_id = $1`, [jobId]);
    return { jobId, playlistId: row.playlist_id, status: row.status, reason: row.reason, resumeAfter: row.resume_after, output: row.output };
  }

  async function ledger(credential: string, day: string): Promise<number> {
    const rows = await db.dataSource.query(`SELECT units_spent FROM youtube_quota_ledger WHERE credential = $1 AND day = $2`, [credential, day]);
    return rows[0]?.units_spent ?? 0;
  }

  async function recordedVideoIds(playlistId: string): Promise<string[]> {
    const rows: { video_id: string }[] = await db.dataSource.query(
      `SELECT video_id FROM playlist_items WHERE playlist_id = $1 ORDER BY position`,
      [playlistId],
    );
    return rows.map((row) => row.video_id);
  }

  const operations = (calls: LoggedRequest[]) => calls.map((call) => call.operation);
  const insertedVideo = (call: LoggedRequest) => (call.body as { snippet: { resourceId: { videoId: string } } }).snippet.resourceId.videoId;

  it('create: makes one playlist of the 21 matched tracks of a 25-track job, in chart order, titled from the template, listing the unmatched', async () => {
    const tracks: SeedTrack[] = matchedTracks(25, 101);
    tracks[2] = { beatportId: 103, videoId: null, status: 'not_found' };
    tracks[8] = { beatportId: 109, videoId: null, status: 'failed' };
    tracks[14] = { beatportId: 115, videoId: 'vid-review', status: 'needs_review' };
    tracks[21] = { beatportId: 122, videoId: null, status: 'not_found' };
    const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:top-100', tracks });
    const { runner: playlists, credential } = runner({ PLAYLIST_MODE_BY_CHART: 'beatport:top-100=create' });
    const since = fake.lastSeq;

    await playlists.onJobCompleted(job.payload);

    const run = await runOf(job.jobId);
    expect(run.status).toBe('done');
    const created = fake.playlist(run.output.youtubePlaylistId!);
    const matched = tracks.filter((t) => t.status === undefined).map((t) => t.videoId);
    expect(matched).toHaveLength(21);
    expect(fake.videoIds(created.id)).toEqual(matched);
    expect(created.title).toBe('Beatport Top 100 — 2026-12-04');
    expect(created.privacyStatus).toBe('private');
    expect(created.description).toContain(`[charts-vibe job ${job.jobId}]`);
    expect(run.output.unmatched.map((u) => [u.position, u.trackKey, u.status])).toEqual([
      [3, 'beatport:103', 'not_found'],
      [9, 'beatport:109', 'failed'],
      [15, 'beatport:115', 'needs_review'],
      [22, 'beatport:122', 'not_found'],
    ]);
    expect(run.output).toMatchObject({ mode: 'create', target: 'youtube', itemCount: 21, url: `https://www.youtube.com/playlist?list=${created.id}` });
    expect(await recordedVideoIds(run.playlistId!)).toEqual(matched);

    // A brand-new playlist needs no list: one playlists.insert, then one insert per track, authorised.
    const calls = fake.apiCalls(since);
    expect(operations(calls)).toEqual(['playlists.insert', ...Array(21).fill('playlistItems.insert')]);
    expect(calls[0].part).toBe('snippet,status');
    expect(calls.slice(1).every((call) => call.part === 'snippet' && /^Bearer fake-access-/.test(call.authorization ?? ''))).toBe(true);
    expect(await ledger(credential, '2026-12-04')).toBe(50 + 21 * 50);
    expect(fake.quotaUsed).toBe(50 + 21 * 50);
  });

  it('create: a new 100-track playlist costs 5,050 quota units', async () => {
    const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:top-100-create', tracks: matchedTracks(100, 201) });
    const { runner: playlists, credential } = runner({ PLAYLIST_MODE: 'create' });

    await playlists.onJobCompleted(job.payload);

    const run = await runOf(job.jobId);
    expect(fake.videoIds(run.output.youtubePlaylistId!)).toEqual(matchedTracks(100, 201).map((t) => t.videoId));
    expect(await ledger(credential, '2026-12-04')).toBe(5_050);
    expect(fake.quotaUsed).toBe(5_050);
  });

  describe('sync', () => {
    const chartRef = 'beatport:genre:sync';
    const yesterdayIds = Array.from({ length: 100 }, (_, i) => 1001 + i);
    let todayJob: Awaited<ReturnType<typeof seedCompletedJob>>;
    let yesterdayPlaylist: string;
    let credential: string;
    let playlists: ReturnType<typeof runner>['runner'];
    let clock: ManualClock;

    beforeAll(async () => {
      fake.resetQuota();
      ({ runner: playlists, credential, clock } = runner({}, new ManualClock(new Date('2026-12-03T15:00:00Z'))));
      const yesterday = await seedCompletedJob(db.dataSource, { chartRef, date: '2026-12-03', tracks: yesterdayIds.map(matchedTrack) });
      await playlists.onJobCompleted(yesterday.payload);
      yesterdayPlaylist = (await runOf(yesterday.jobId)).output.youtubePlaylistId!;
    });

    function todaysChart(): number[] {
      const dropped = [1010, 1030, 1050, 1070, 1090];
      const moved = [1080, 1005, 1040];
      const today = yesterdayIds.filter((id) => !dropped.includes(id) && !moved.includes(id));
      today.splice(2, 0, 1080);
      today.splice(19, 0, 1040);
      today.splice(59, 0, 1005);
      for (const [index, id] of [[0, 1101], [24, 1102], [49, 1103], [74, 1104], [99, 1105]]) today.splice(index, 0, id);
      return today;
    }

    it("brings yesterday's playlist to today's chart (5 new, 5 dropped, 3 moved) with exactly 2 list pages, 5 deletes, 3 moves and 5 inserts", async () => {
      const today = todaysChart();
      todayJob = await seedCompletedJob(db.dataSource, { chartRef, date: '2026-12-04', tracks: today.map(matchedTrack) });
      clock.set('2026-12-04T15:00:00Z');
      fake.resetQuota();
      const since = fake.lastSeq;

      await playlists.onJobCompleted(todayJob.payload);

      const run = await runOf(todayJob.jobId);
      expect(run.status).toBe('done');
      expect(run.output.youtubePlaylistId).toBe(yesterdayPlaylist);
      expect(fake.videoIds(yesterdayPlaylist)).toEqual(today.map(videoIdOf));
      expect(await recordedVideoIds(run.playlistId!)).toEqual(today.map(videoIdOf));
      expect(operations(fake.apiCalls(since))).toEqual([
        'playlistItems.list',
        'playlistItems.list',
        ...Array(5).fill('playlistItems.delete'),
        ...Array(3).fill('playlistItems.update'),
        ...Array(5).fill('playlistItems.insert'),
      ]);
      expect(run.output.changes).toEqual({ inserted: 5, deleted: 5, moved: 3 });
      expect(await ledger(credential, '2026-12-04')).toBe(2 + 13 * 50);
      expect(fake.quotaUsed).toBe(652);
    });

    it('spends just the 2 list pages when the next chart has not changed', async () => {
      const tomorrow = await seedCompletedJob(db.dataSource, { chartRef, date: '2026-12-05', tracks: todaysChart().map(matchedTrack) });
      clock.set('2026-12-05T15:00:00Z');
      const since = fake.lastSeq;

      await playlists.onJobCompleted(tomorrow.payload);

      expect(operations(fake.apiCalls(since))).toEqual(['playlistItems.list', 'playlistItems.list']);
      expect(await ledger(credential, '2026-12-05')).toBe(2);
      expect((await runOf(tomorrow.jobId)).output.changes).toEqual({ inserted: 0, deleted: 0, moved: 0 });
    });

    it('does nothing at all when job.completed is delivered again', async () => {
      const since = fake.lastSeq;
      const spent = await ledger(credential, '2026-12-04');

      await playlists.onJobCompleted(todayJob.payload);
      await createPlaylistRunner(db.dataSource, testConfig(db.url, fake, { YOUTUBE_QUOTA_CREDENTIAL: credential })).onJobCompleted(todayJob.payload);

      expect(fake.log.slice(since)).toEqual([]);
      expect(await ledger(credential, '2026-12-04')).toBe(spent);
      expect((await runOf(todayJob.jobId)).status).toBe('done');
    });
  });

  it('crash after 40 of 100 inserts, restart: 100 items in chart order, none inserted twice', async () => {
    const tracks = matchedTracks(100, 2001);
    const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:hype-100', tracks });
    const since = fake.lastSeq;
    fake.crashAfter(40);

    // The 41st insert lands on YouTube but its answer never comes back; then nothing answers.
    await expect(runner({ YOUTUBE_MAX_ATTEMPTS: '2' }).runner.onJobCompleted(job.payload)).rejects.toThrow(/failed 2 times/);
    const stopped = await runOf(job.jobId);
    expect(fake.videoIds(stopped.output.youtubePlaylistId!)).toHaveLength(41);
    expect(await recordedVideoIds(stopped.playlistId!)).toHaveLength(40);
    expect(stopped.status).toBe('running');

    fake.recover();
    const restartedAt = fake.lastSeq;
    await runner().runner.onJobCompleted(job.payload);

    const run = await runOf(job.jobId);
    expect(run.status).toBe('done');
    expect(fake.videoIds(run.output.youtubePlaylistId!)).toEqual(tracks.map((t) => t.videoId));
    expect(await recordedVideoIds(run.playlistId!)).toEqual(tracks.map((t) => t.videoId));
    // 40 answered inserts, the 41st applied without an answer, then 59 after the restart: each video once.
    const insertCalls = fake.apiCalls(since).filter((call) => call.operation === 'playlistItems.insert');
    expect(insertCalls.map((call) => call.status)).toEqual([...Array(40).fill(200), null, ...Array(59).fill(200)]);
    expect(new Set(insertCalls.map(insertedVideo)).size).toBe(100);
    // After the restart: a reconciling list first, then only the 59 missing videos.
    const afterRestart = fake.apiCalls(restartedAt);
    expect(operations(afterRestart)).toEqual(['playlistItems.list', ...Array(59).fill('playlistItems.insert')]);
    expect(afterRestart.some((call) => call.status === 409)).toBe(false);
  });

  it('finds a playlist created just before a crash instead of creating a second one', async () => {
    const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:dj:1', tracks: matchedTracks(3, 2501) });
    fake.crashAfter(0, 'playlists.insert');
    await expect(runner({ YOUTUBE_MAX_ATTEMPTS: '1', PLAYLIST_MODE: 'create' }).runner.onJobCompleted(job.payload)).rejects.toThrow();
    const before = fake.playlists.size;
    fake.recover();
    const since = fake.lastSeq;

    await runner({ PLAYLIST_MODE: 'create' }).runner.onJobCompleted(job.payload);

    const run = await runOf(job.jobId);
    expect(fake.playlists.size).toBe(before);
    expect(fake.playlist(run.output.youtubePlaylistId!).description).toContain(job.jobId);
    expect(fake.videoIds(run.output.youtubePlaylistId!)).toEqual(matchedTracks(3, 2501).map((t) => t.videoId));
    expect(operations(fake.apiCalls(since))).toEqual(['playlists.list', 'playlistItems.list', ...Array(3).fill('playlistItems.insert')]);
  });

  describe('quota', () => {
    it('defers the run when the budget runs out at item 60 and finishes the 100 after the Pacific midnight reset', async () => {
      const tracks = matchedTracks(100, 3001);
      const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:genre:quota', tracks });
      // One playlist and 59 items fit in 3,000 units; the 60th does not.
      const { runner: playlists, credential, clock } = runner({ YOUTUBE_DAILY_QUOTA_UNITS: '3000', PLAYLIST_MODE: 'create' });

      await playlists.onJobCompleted(job.payload);

      const deferred = await runOf(job.jobId);
      expect(deferred.status).toBe('deferred');
      expect(deferred.reason).toMatch(/^quota: the daily YouTube quota budget of 3000 units is spent for 2026-12-04/);
      expect(deferred.resumeAfter).toEqual(new Date('2026-12-05T08:00:00.000Z'));
      expect(fake.videoIds(deferred.output.youtubePlaylistId!)).toEqual(tracks.slice(0, 59).map((t) => t.videoId));
      expect(await ledger(credential, '2026-12-04')).toBe(3_000);

      const before = fake.lastSeq;
      expect(await playlists.resumeDue()).toBe(0);
      expect(fake.log.slice(before)).toEqual([]);

      clock.set('2026-12-05T08:00:01Z');
      fake.resetQuota();
      const scheduler = new ResumeScheduler(playlists, 20);
      scheduler.start();
      try {
        await waitFor('the deferred run to finish', async () => (await runOf(job.jobId)).status === 'done');
      } finally {
        await scheduler.stop();
      }

      const run = await runOf(job.jobId);
      expect(fake.videoIds(run.output.youtubePlaylistId!)).toEqual(tracks.map((t) => t.videoId));
      expect(run.output.youtubePlaylistId).toBe(deferred.output.youtubePlaylistId);
      expect(operations(fake.apiCalls(before))).toEqual(['playlistItems.list', 'playlistItems.list', ...Array(41).fill('playlistItems.insert')]);
      expect(await ledger(credential, '2026-12-05')).toBe(2 + 41 * 50);
    });

    it("defers on YouTube's own 403 quotaExceeded, stops spending for the day, and finishes after the reset", async () => {
      const tracks = matchedTracks(100, 3501);
      const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:genre:quota-youtube', tracks });
      const { runner: playlists, credential, clock } = runner({ PLAYLIST_MODE: 'create' });
      fake.quotaLimit = 3_000;

      await playlists.onJobCompleted(job.payload);

      const deferred = await runOf(job.jobId);
      expect(deferred.status).toBe('deferred');
      expect(deferred.reason).toMatch(/quotaExceeded/);
      expect(fake.videoIds(deferred.output.youtubePlaylistId!)).toHaveLength(59);
      expect(fake.log.at(-1)).toMatchObject({ operation: 'playlistItems.insert', status: 403, reason: 'quotaExceeded' });
      expect(await ledger(credential, '2026-12-04')).toBe(10_000);

      clock.set('2026-12-05T09:00:00Z');
      fake.resetQuota();
      expect(await playlists.resumeDue()).toBe(1);

      expect((await runOf(job.jobId)).status).toBe('done');
      expect(fake.videoIds(deferred.output.youtubePlaylistId!)).toEqual(tracks.map((t) => t.videoId));
    });
  });

  it('retries an insert that failed with 503 twice, reconciling before each retry, and adds it once', async () => {
    const tracks = matchedTracks(5, 4001);
    const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:genre:5xx', tracks });
    const { runner: playlists, credential } = runner();
    fake.failNext({ method: 'POST', path: '/youtube/v3/playlistItems', status: 503, times: 2 });
    const since = fake.lastSeq;

    await playlists.onJobCompleted(job.payload);

    const run = await runOf(job.jobId);
    expect(run.status).toBe('done');
    expect(fake.videoIds(run.output.youtubePlaylistId!)).toEqual(tracks.map((t) => t.videoId));
    const calls = fake.apiCalls(since);
    expect(calls.map((call) => `${call.operation} ${call.status}`)).toEqual([
      'playlists.insert 200',
      'playlistItems.insert 503',
      'playlistItems.list 200',
      'playlistItems.insert 503',
      'playlistItems.list 200',
      ...Array(5).fill('playlistItems.insert 200'),
    ]);
    expect(await ledger(credential, '2026-12-04')).toBe(50 + 7 * 50 + 2);
    expect(fake.quotaUsed).toBe(402);
  });

  it('skips a video YouTube refuses with 400 failedPrecondition and records it in the result', async () => {
    const tracks = matchedTracks(6, 5001);
    const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:genre:private', tracks });
    fake.makeVideoUnavailable(videoIdOf(5003));

    await runner().runner.onJobCompleted(job.payload);

    const run = await runOf(job.jobId);
    expect(run.status).toBe('done');
    expect(fake.videoIds(run.output.youtubePlaylistId!)).toEqual([5001, 5002, 5004, 5005, 5006].map(videoIdOf));
    expect(run.output.skipped).toEqual([{ position: 3, trackKey: 'beatport:5003', videoId: videoIdOf(5003), reason: 'failedPrecondition' }]);
    expect(run.output.itemCount).toBe(5);
    const metrics = await metricsRegistry.getSingleMetricAsString('charts_vibe_playlist_operations_total');
    expect(metrics).toMatch(/charts_vibe_playlist_operations_total\{kind="playlistItems.insert",result="video-unavailable"\} 1/);
  });

  it('makes a new playlist when the synced one was deleted on YouTube', async () => {
    const chartRef = 'beatport:genre:deleted';
    const first = await seedCompletedJob(db.dataSource, { chartRef, date: '2026-12-03', tracks: matchedTracks(3, 5501) });
    const { runner: playlists } = runner();
    await playlists.onJobCompleted(first.payload);
    const gone = (await runOf(first.jobId)).output.youtubePlaylistId!;
    fake.playlists.delete(gone);

    const second = await seedCompletedJob(db.dataSource, { chartRef, date: '2026-12-04', tracks: matchedTracks(4, 5501) });
    await playlists.onJobCompleted(second.payload);

    const run = await runOf(second.jobId);
    expect(run.output.youtubePlaylistId).not.toBe(gone);
    expect(fake.videoIds(run.output.youtubePlaylistId!)).toEqual(matchedTracks(4, 5501).map((t) => t.videoId));
    expect(run.playlistId).toBe((await runOf(first.jobId)).playlistId);
  });

  it('leaves the synced playlist alone for an older chart that completes after a newer one', async () => {
    const chartRef = 'beatport:genre:late';
    const newer = await seedCompletedJob(db.dataSource, { chartRef, date: '2026-12-04', tracks: matchedTracks(3, 5601) });
    const older = await seedCompletedJob(db.dataSource, { chartRef, date: '2026-12-03', tracks: matchedTracks(3, 5611) });
    const { runner: playlists } = runner();
    await playlists.onJobCompleted(newer.payload);
    const since = fake.lastSeq;

    await playlists.onJobCompleted(older.payload);

    expect(fake.log.slice(since)).toEqual([]);
    const run = await runOf(older.jobId);
    expect(run).toMatchObject({ status: 'done', reason: `superseded by job ${newer.jobId}` });
  });

  describe('without credentials', () => {
    let directory: string;

    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'playlists-'));
    });
    afterAll(() => rm(directory, { recursive: true, force: true }));

    it('writes the playlist as JSON and as an M3U of YouTube Music links', async () => {
      const tracks: SeedTrack[] = [
        { beatportId: 6001, videoId: 'aaaaaaaaaaa', title: 'Cosmic Drift', mixName: 'Extended Mix', artists: ['Vini Vici', 'Astrix'], lengthMs: 412_000, score: 0.93 },
        { beatportId: 6002, videoId: null, status: 'not_found', title: 'Lost Track', mixName: null, artists: ['Nobody'] },
        { beatportId: 6003, videoId: 'bbbbbbbbbbb', title: 'Second', mixName: null, artists: ['Someone'], lengthMs: null, score: 0.81 },
        { beatportId: 6004, videoId: 'aaaaaaaaaaa', title: 'Cosmic Drift (again)', score: 0.7 },
      ];
      const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:top-100', chartName: 'Beatport Top 100', date: '2026-12-05', tracks });
      const config = testConfig(db.url, null, { PLAYLIST_OUTPUT_DIR: directory, PLAYLIST_MODE: 'create' });
      const since = fake.lastSeq;

      await createPlaylistRunner(db.dataSource, config).onJobCompleted(job.payload);

      const run = await runOf(job.jobId);
      expect(run.status).toBe('done');
      expect(run.output.files).toEqual({
        json: join(directory, 'beatport-top-100-2026-12-05.json'),
        m3u: join(directory, 'beatport-top-100-2026-12-05.m3u'),
      });
      expect(await readFile(run.output.files!.m3u, 'utf8')).toBe(
        [
          '#EXTM3U',
          '#PLAYLIST:Beatport Top 100 — 2026-12-05',
          '#EXTINF:412,Vini Vici, Astrix - Cosmic Drift (Extended Mix)',
          'https://music.youtube.com/watch?v=aaaaaaaaaaa',
          '#EXTINF:-1,Someone - Second',
          'https://music.youtube.com/watch?v=bbbbbbbbbbb',
          '',
        ].join('\n'),
      );
      const document = JSON.parse(await readFile(run.output.files!.json, 'utf8'));
      expect(document).toMatchObject({
        title: 'Beatport Top 100 — 2026-12-05',
        chart: { id: 'beatport:top-100:2026-12-05', ref: 'beatport:top-100', name: 'Beatport Top 100', sourceUrl: 'https://www.beatport.com/top-100' },
        job: { id: job.jobId, status: 'completed', counts: { expected: 4, matched: 3, notFound: 1, failed: 0 } },
      });
      expect(document.tracks).toEqual([
        expect.objectContaining({ position: 1, trackKey: 'beatport:6001', videoId: 'aaaaaaaaaaa', matchScore: 0.93, url: 'https://music.youtube.com/watch?v=aaaaaaaaaaa' }),
        expect.objectContaining({ position: 3, trackKey: 'beatport:6003', videoId: 'bbbbbbbbbbb', matchScore: 0.81 }),
      ]);
      expect(document.unmatched).toEqual([
        { position: 2, trackKey: 'beatport:6002', title: 'Lost Track', mixName: null, artists: ['Nobody'], status: 'not_found' },
      ]);
      expect(document.duplicates).toEqual([{ position: 4, trackKey: 'beatport:6004', videoId: 'aaaaaaaaaaa', keptAt: 1 }]);
      expect(fake.log.slice(since)).toEqual([]);
    });
  });
});
