// Read queries behind the jobs API.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface JobRow {
  id: string;
  chart_id: string;
  chart_ref: string;
  source: string;
  status: string;
  expected_count: number;
  processed_count: number;
  matched_count: number;
  not_found_count: number;
  failed_count: number;
  created_at: Date;
  deadline_at: Date;
  completed_at: Date | null;
  playlist_id: string | null;
}

export interface UnmatchedRow {
  track_key: string;
  outcome: 'not_found' | 'failed';
  reason: string | null;
  title: string;
  mix_name: string | null;
  artists: string[];
  match_status: string | null;
  video_id: string | null;
  match_score: number | null;
  positions: number[];
}

export interface PlaylistRunRow {
  status: string;
  reason: string | null;
  resume_after: Date | null;
  output: unknown;
  updated_at: Date;
}

const JOB_COLUMNS = `id, chart_id, chart_ref, source, status, expected_count, processed_count, matched_count,
  not_found_count, failed_count, created_at, deadline_at, completed_at, playlist_id`;

@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(status: string | undefined, limit: number): Promise<JobRow[]> {
    return this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM jobs WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC LIMIT $2`,
      [status ?? null, limit],
    );
  }

  async find(id: string): Promise<JobRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`, [id]);
    return row;
  }

  /** Tracks of the job that ended not found or failed, with their chart positions and why. */
  unmatched(job: JobRow): Promise<UnmatchedRow[]> {
    return this.dataSource.query(
      `SELECT i.track_key, i.outcome, i.reason, t.title, t.mix_name, t.artists, t.match_status, t.video_id, t.match_score,
              p.positions
         FROM job_items i
         JOIN tracks t ON t.track_key = i.track_key
         CROSS JOIN LATERAL (
           SELECT array_agg(e.position ORDER BY e.position) AS positions
             FROM chart_entries e WHERE e.chart_id = $2 AND e.track_key = i.track_key
         ) p
        WHERE i.job_id = $1 AND i.outcome <> 'matched'
        ORDER BY p.positions[1] NULLS LAST, i.track_key`,
      [job.id, job.chart_id],
    );
  }

  async playlistRun(jobId: string): Promise<PlaylistRunRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT status, reason, resume_after, output, updated_at FROM playlist_runs WHERE job_id = $1`,
      [jobId],
    );
    return row;
  }
}
