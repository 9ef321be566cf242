// End to end, offline: what `npm start -- --offline --chart top-100` runs — the four services
// from their compiled dist/main.js against the real Kafka and a fresh PostgreSQL database,
// the fakes of Beatport, YouTube Music and the YouTube Data API in their own process — and
// what it leaves behind: the playlist as JSON and M3U, in chart order, with the videos the
// fake YouTube Music's catalog holds for each track, and nothing still running.
import { createTestDatabase, TestDatabase } from '@charts-vibe/shared/testing';
import { recordedChartCatalog, recordedChartTracks } from '@charts-vibe/fakes/serve';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliIo } from '../../cli/src/io';
import { RunResult, runLocalPipeline } from '../../cli/src/start/runner';

interface PlaylistFile {
  chart: { id: string; ref: string };
  job: { id: string; status: string; counts: { expected: number; matched: number; notFound: number; failed: number } };
  tracks: { position: number; trackKey: string; title: string; videoId: string; url: string }[];
  unmatched: { position: number; trackKey: string; status: string | null }[];
}

describe('npm start -- --offline --chart top-100', () => {
  const catalog = recordedChartCatalog();
  const chartTracks = recordedChartTracks();
  const work = mkdtempSync(join(tmpdir(), 'charts-vibe-e2e-'));
  const printed: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => printed.push(text) },
    stderr: { write: (text: string) => printed.push(text) },
    env: { ...process.env, LOG_LEVEL: 'warn' },
  };
  let db: TestDatabase;
  let result: RunResult;
  let playlist: PlaylistFile;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    result = await runLocalPipeline(
      {
        chart: 'top-100',
        offline: true,
        keepRunning: false,
        infra: { KAFKA_BROKERS: process.env.KAFKA_BROKERS!, DATABASE_URL: db.url },
        topicPrefix: process.env.KAFKA_TOPIC_PREFIX,
        outputDir: join(work, 'playlists'),
        workDir: join(work, 'run'),
        preferredPorts: false,
      },
      io,
    );
    playlist = JSON.parse(readFileSync(result.job.playlist!.output!.files!.json, 'utf8')) as PlaylistFile;
  }, 180_000);

  afterAll(async () => {
    await db?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('completes the job with counts that add up to the chart', () => {
    const { counts, progress, status } = result.job;
    expect(status).toBe('completed');
    expect(counts.expected).toBe(new Set(chartTracks.map((track) => track.beatportId)).size);
    expect(progress.processed).toBe(counts.expected);
    expect(counts.matched + counts.notFound + counts.failed).toBe(counts.expected);
    expect(counts.failed).toBe(0);
    expect(playlist.job).toMatchObject({ id: result.job.id, status: 'completed', counts });
  });

  it("writes the chart's matched tracks in chart order", () => {
    expect(playlist.chart.ref).toBe('beatport:top-100');
    const positions = playlist.tracks.map((track) => track.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const listed = [...playlist.tracks.map((t) => t.position), ...playlist.unmatched.map((t) => t.position)].sort((a, b) => a - b);
    expect(listed).toEqual(chartTracks.map((_, index) => index + 1));
    for (const track of playlist.tracks) expect(track.trackKey).toBe(`beatport:${chartTracks[track.position - 1].beatportId}`);
  });

  it('matches each track to an upload of its recording in the fake catalog, and none that has no right upload', () => {
    const byKey = new Map(chartTracks.map((track) => [`beatport:${track.beatportId}`, track]));
    for (const track of playlist.tracks) {
      // The label's song, the same recording on a compilation, or its official video: never a radio edit, another remix, a live set.
      const entries = catalog.entriesFor(byKey.get(track.trackKey)!);
      const chosen = entries.find((entry) => entry.videoId === track.videoId);
      expect({ position: track.position, role: chosen?.role }).toEqual({ position: track.position, role: expect.stringMatching(/^right/) });
    }
    const withoutRightUpload = chartTracks.filter((track) => catalog.expectedVideoId(track) === null);
    expect(withoutRightUpload.length).toBeGreaterThan(0);
    const unmatchedKeys = new Set(playlist.unmatched.map((track) => track.trackKey));
    for (const track of withoutRightUpload) expect(unmatchedKeys).toContain(`beatport:${track.beatportId}`);
    // A matcher that gives up on everything would pass the checks above.
    expect(playlist.tracks.length).toBeGreaterThanOrEqual(0.8 * (chartTracks.length - withoutRightUpload.length));
    expect(result.job.counts.matched).toBe(playlist.tracks.length);
  });

  it('writes an M3U of YouTube Music links in the same order', () => {
    const m3u = readFileSync(result.job.playlist!.output!.files!.m3u, 'utf8');
    const links = m3u.split('\n').filter((line) => line.startsWith('https://'));
    expect(links).toEqual(playlist.tracks.map((track) => `https://music.youtube.com/watch?v=${track.videoId}`));
  });

  it('shows the progress, the playlist table and where the playlist went', () => {
    const output = printed.join('');
    expect(output).toMatch(/100\/100 +matched \d+ +not found \d+ +failed 0/);
    const first = chartTracks[0];
    expect(output).toMatch(new RegExp(`\\n +1 +${first.artists[0]}.* — ${first.title}`));
    expect(output).toContain(`playlist written to ${result.job.playlist!.output!.files!.json}`);
  });

  it('stops everything it started', async () => {
    const listened = [...Object.values(result.urls), result.fakes!.beatport, result.fakes!.ytmusic, result.fakes!.youtube.rootUrl];
    expect(listened).toHaveLength(7);
    for (const url of listened) {
      await expect(fetch(`${url.replace(/\/$/, '')}/health/live`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    }
    expect(existsSync(result.job.playlist!.output!.files!.json)).toBe(true);
  });
});
