// The playlist service's own tables: `playlists` (which playlist belongs to which chart or
// job), `playlist_items` (what it holds), `playlist_runs` (the work per job: pending →
// running → done | deferred | failed), and the per-chart lock that serialises that work.
import { DataSource } from 'typeorm';
import { PlaylistMode } from '../config';
import { DuplicateVideo, UnmatchedTrack } from './chart-playlist';

export type RunStatus = 'pending' | 'running' | 'deferred' | 'done' | 'failed';
export type PlaylistTarget = 'youtube' | 'file';

export interface SkippedVideo {
  position: number;
  trackKey: string;
  videoId: string;
  reason: string;
}

/** What a run produced, kept in `playlist_runs.output` (the jobs API shows it). */
export interface RunOutput {
  mode: PlaylistMode;
  target: PlaylistTarget;
  title: string;
  playlistId?: string;
  youtubePlaylistId?: string;
  url?: string;
  files?: { json: string; m3u: string };
  itemCount?: number;
  changes?: { inserted: number; deleted: number; moved: number };
  skipped: SkippedVideo[];
  duplicates: DuplicateVideo[];
  unmatched: UnmatchedTrack[];
  supersededBy?: string;
}

export interface PlaylistRun {
  jobId: string;
  playlistId: string | null;
  status: RunStatus;
  reason: string | null;
  resumeAfter: Date | null;
  output: RunOutput | null;
}

export interface PlaylistRow {
  id: string;
  chartRef: string;
  mode: PlaylistMode;
  target: PlaylistTarget;
  youtubePlaylistId: string | null;
  title: string;
}

export interface StoredItem {
  videoId: string;
  trackKey: string | null;
  youtubeItemId: string | null;
}

/** Releases a chart lock. */
export type Unlock = () => Promise<void>;

// Any constant will do: it keeps these advisory locks apart from others in the database.
const CHART_LOCK_CLASS = 6_221_077;

type PlaylistRowRecord = { id: string; chart_ref: string; mode: PlaylistMode; target: PlaylistTarget; youtube_playlist_id: string | null; title: string };

function toPlaylist(row: PlaylistRowRecord): PlaylistRow {
  return { id: row.id, chartRef: row.chart_ref, mode: row.mode, target: row.target, youtubePlaylistId: row.youtube_playlist_id, title: row.title };
}

export class PlaylistRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Holds an advisory lock on the chart for as long as one run works on its playlist, on a
   * connection of its own: a second replica (or a redelivery) is kept out, and a crash
   * releases the lock with the connection. Null when someone else holds it.
   */
  async tryLockChart(chartRef: string): Promise<Unlock | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked`, [
        CHART_LOCK_CLASS,
        chartRef,
      ]);
      if (!locked) {
        await runner.release();
        return null;
      }
    } catch (error) {
      await runner.release();
      throw error;
    }
    return async () => {
      await runner.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [CHART_LOCK_CLASS, chartRef]).catch(() => undefined);
      await runner.release();
    };
  }

  async ensureRun(jobId: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO playlist_runs (job_id, status) VALUES ($1, 'pending') ON CONFLICT (job_id) DO NOTHING`, [jobId]);
  }

  async run(jobId: string): Promise<PlaylistRun | null> {
    const rows: { job_id: string; playlist_id: string | null; status: RunStatus; reason: string | null; resume_after: Date | null; output: RunOutput | null }[] =
      await this.dataSource.query(`SELECT job_id, playlist_id, status, reason, resume_after, output FROM playlist_runs WHERE job_id = $1`, [jobId]);
    const row = rows[0];
    return row
      ? { jobId: row.job_id, playlistId: row.playlist_id, status: row.status, reason: row.reason, resumeAfter: row.resume_after, output: row.output }
      : null;
  }

  async markRunning(jobId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE playlist_runs SET status = 'running', reason = NULL, resume_after = NULL, updated_at = now() WHERE job_id = $1`,
      [jobId],
    );
  }

  async finish(jobId: string, status: 'done' | 'failed', reason: string | null, output: RunOutput | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE playlist_runs SET status = $2, reason = $3, resume_after = NULL, output = COALESCE($4::jsonb, output), updated_at = now()
        WHERE job_id = $1`,
      [jobId, status, reason, output === null ? null : JSON.stringify(output)],
    );
  }

  async defer(jobId: string, reason: string, resumeAfter: Date, output: RunOutput | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE playlist_runs SET status = 'deferred', reason = $2, resume_after = $3, output = COALESCE($4::jsonb, output), updated_at = now()
        WHERE job_id = $1`,
      [jobId, reason, resumeAfter, output === null ? null : JSON.stringify(output)],
    );
  }

  /** Keeps the latest problem of a run that will be retried, for whoever looks at the job meanwhile. */
  async noteProblem(jobId: string, reason: string, output: RunOutput): Promise<void> {
    await this.dataSource.query(`UPDATE playlist_runs SET reason = $2, output = $3::jsonb, updated_at = now() WHERE job_id = $1`, [
      jobId,
      reason,
      JSON.stringify(output),
    ]);
  }

  /**
   * Runs to pick up: deferred ones whose time has come, and ones left running or pending by
   * a process that died (untouched for a while; the chart lock tells a live one apart).
   */
  async runsToResume(now: Date): Promise<string[]> {
    const rows: { job_id: string }[] = await this.dataSource.query(
      `SELECT job_id FROM playlist_runs
        WHERE (status = 'deferred' AND resume_after <= $1)
           OR (status IN ('pending', 'running') AND updated_at < now() - interval '5 minutes')
        ORDER BY COALESCE(resume_after, updated_at)
        LIMIT 100`,
      [now],
    );
    return rows.map((row) => row.job_id);
  }

  /** The chart's synced playlist for a target, created (without a YouTube id yet) on first use. */
  async syncPlaylist(chartRef: string, target: PlaylistTarget, title: string): Promise<{ playlist: PlaylistRow; created: boolean }> {
    const inserted: PlaylistRowRecord[] = await this.dataSource.query(
      `INSERT INTO playlists (id, chart_ref, mode, target, title) VALUES (gen_random_uuid(), $1, 'sync', $2, $3)
       ON CONFLICT (chart_ref, target) WHERE mode = 'sync' DO NOTHING
       RETURNING id, chart_ref, mode, target, youtube_playlist_id, title`,
      [chartRef, target, title],
    );
    if (inserted[0]) return { playlist: toPlaylist(inserted[0]), created: true };
    const rows: PlaylistRowRecord[] = await this.dataSource.query(
      `SELECT id, chart_ref, mode, target, youtube_playlist_id, title FROM playlists WHERE chart_ref = $1 AND target = $2 AND mode = 'sync'`,
      [chartRef, target],
    );
    return { playlist: toPlaylist(rows[0]), created: false };
  }

  /** The job's own playlist (create mode): made once, remembered on the run. */
  async jobPlaylist(jobId: string, chartRef: string, target: PlaylistTarget, title: string): Promise<{ playlist: PlaylistRow; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      // The run row is locked so two attempts of one job cannot both create a playlist.
      const [run]: { playlist_id: string | null }[] = await manager.query(`SELECT playlist_id FROM playlist_runs WHERE job_id = $1 FOR UPDATE`, [jobId]);
      if (run?.playlist_id) {
        const rows: PlaylistRowRecord[] = await manager.query(
          `SELECT id, chart_ref, mode, target, youtube_playlist_id, title FROM playlists WHERE id = $1`,
          [run.playlist_id],
        );
        return { playlist: toPlaylist(rows[0]), created: false };
      }
      const rows: PlaylistRowRecord[] = await manager.query(
        `INSERT INTO playlists (id, chart_ref, mode, target, title) VALUES (gen_random_uuid(), $1, 'create', $2, $3)
         RETURNING id, chart_ref, mode, target, youtube_playlist_id, title`,
        [chartRef, target, title],
      );
      await manager.query(`UPDATE playlist_runs SET playlist_id = $2, updated_at = now() WHERE job_id = $1`, [jobId, rows[0].id]);
      return { playlist: toPlaylist(rows[0]), created: true };
    });
  }

  async linkRun(jobId: string, playlistId: string): Promise<void> {
    await this.dataSource.query(`UPDATE playlist_runs SET playlist_id = $2, updated_at = now() WHERE job_id = $1`, [jobId, playlistId]);
  }

  async setYouTubePlaylistId(playlistId: string, youtubePlaylistId: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE playlists SET youtube_playlist_id = $2, updated_at = now() WHERE id = $1`, [playlistId, youtubePlaylistId]);
  }

  /**
   * Records what the playlist holds now, in order (positions 0…n-1), replacing what was
   * recorded: called after every change on YouTube, so a crash loses at most the last one,
   * which the next run's reconciling list finds anyway.
   */
  async saveItems(playlistId: string, items: readonly StoredItem[]): Promise<void> {
    const seen = new Set<string>();
    const unique = items.filter((item) => !seen.has(item.videoId) && seen.add(item.videoId));
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM playlist_items WHERE playlist_id = $1`, [playlistId]);
      await manager.query(
        `INSERT INTO playlist_items (playlist_id, video_id, position, track_key, youtube_item_id)
         SELECT $1, video_id, position, track_key, youtube_item_id
           FROM unnest($2::text[], $3::int[], $4::text[], $5::text[]) AS item (video_id, position, track_key, youtube_item_id)`,
        [playlistId, unique.map((i) => i.videoId), unique.map((_, index) => index), unique.map((i) => i.trackKey), unique.map((i) => i.youtubeItemId)],
      );
      await manager.query(`UPDATE playlists SET updated_at = now() WHERE id = $1`, [playlistId]);
    });
  }

  async items(playlistId: string): Promise<(StoredItem & { position: number })[]> {
    const rows: { video_id: string; position: number; track_key: string | null; youtube_item_id: string | null }[] = await this.dataSource.query(
      `SELECT video_id, position, track_key, youtube_item_id FROM playlist_items WHERE playlist_id = $1 ORDER BY position`,
      [playlistId],
    );
    return rows.map((row) => ({ videoId: row.video_id, position: row.position, trackKey: row.track_key, youtubeItemId: row.youtube_item_id }));
  }
}
