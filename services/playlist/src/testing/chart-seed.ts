// Test helper: writes what chart-processor and track-search would have written for a
// completed job (chart, entries, tracks with their matches, the job), straight into the tables.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JobCompleted } from '@charts-vibe/shared';

export interface SeedTrack {
  beatportId: number;
  /** Null with a status other than matched: the track is not in the playlist. */
  videoId: string | null;
  status?: 'matched' | 'not_found' | 'needs_review' | 'failed';
  title?: string;
  mixName?: string | null;
  artists?: string[];
  remixers?: string[];
  lengthMs?: number | null;
  score?: number | null;
}

export interface SeededJob {
  jobId: string;
  chartId: string;
  chartRef: string;
  payload: JobCompleted['payload'];
}

/** Tracks 1…n matched to videos `vid0001`…, in chart order. */
export function matchedTracks(count: number, firstBeatportId = 1): SeedTrack[] {
  return Array.from({ length: count }, (_, i) => matchedTrack(firstBeatportId + i));
}

export function matchedTrack(beatportId: number): SeedTrack {
  return { beatportId, videoId: videoIdOf(beatportId) };
}

export function videoIdOf(beatportId: number): string {
  return `vid${String(beatportId).padStart(4, '0')}`;
}

export async function seedCompletedJob(
  dataSource: DataSource,
  options: { tracks: SeedTrack[]; chartRef?: string; chartName?: string; date?: string; status?: 'completed' | 'expired' },
): Promise<SeededJob> {
  const chartRef = options.chartRef ?? 'beatport:top-100';
  const date = options.date ?? '2026-12-04';
  const chartId = `${chartRef}:${date}`;
  const jobId = randomUUID();
  const scrapedAt = `${date}T06:00:00.000Z`;
  await dataSource.query(
    `INSERT INTO charts (id, chart_ref, source, source_url, name, scraped_at, snapshot, content_hash, track_count)
     VALUES ($1, $2, 'page', 'https://www.beatport.com/top-100', $3, $4, '{}', $5, $6)`,
    [chartId, chartRef, options.chartName ?? 'Beatport Top 100', scrapedAt, randomUUID(), options.tracks.length],
  );
  for (const track of options.tracks) {
    const status = track.status ?? (track.videoId ? 'matched' : 'not_found');
    await dataSource.query(
      `INSERT INTO tracks (track_key, beatport_id, title, mix_name, artists, remixers, length_ms, match_status, video_id, match_score)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (track_key) DO UPDATE SET match_status = EXCLUDED.match_status, video_id = EXCLUDED.video_id, match_score = EXCLUDED.match_score`,
      [
        `beatport:${track.beatportId}`,
        track.beatportId,
        track.title ?? `Track ${track.beatportId}`,
        track.mixName === undefined ? 'Extended Mix' : track.mixName,
        JSON.stringify(track.artists ?? [`Artist ${track.beatportId}`]),
        JSON.stringify(track.remixers ?? []),
        track.lengthMs === undefined ? 360_000 : track.lengthMs,
        status,
        track.videoId,
        track.score === undefined ? (status === 'matched' ? 0.9 : null) : track.score,
      ],
    );
  }
  await dataSource.query(
    `INSERT INTO chart_entries (chart_id, position, track_key) SELECT $1, position, key FROM unnest($2::text[]) WITH ORDINALITY AS e (key, position)`,
    [chartId, options.tracks.map((track) => `beatport:${track.beatportId}`)],
  );
  const counts = {
    expected: options.tracks.length,
    matched: options.tracks.filter((t) => (t.status ?? (t.videoId ? 'matched' : 'not_found')) === 'matched').length,
    notFound: options.tracks.filter((t) => (t.status ?? (t.videoId ? 'matched' : 'not_found')) === 'not_found').length,
    failed: 0,
  };
  counts.failed = counts.expected - counts.matched - counts.notFound;
  const completedAt = `${date}T06:05:00.000Z`;
  await dataSource.query(
    `INSERT INTO jobs (id, chart_id, chart_ref, source, expected_count, processed_count, matched_count, not_found_count, failed_count,
                       status, deadline_at, completed_at)
     VALUES ($1, $2, $3, 'page', $4, $4, $5, $6, $7, $8, $9, $9)`,
    [jobId, chartId, chartRef, counts.expected, counts.matched, counts.notFound, counts.failed, options.status ?? 'completed', completedAt],
  );
  return { jobId, chartId, chartRef, payload: { jobId, chartId, status: options.status ?? 'completed', counts, completedAt } };
}
