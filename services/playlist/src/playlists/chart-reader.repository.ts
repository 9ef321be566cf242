// Reads what the other services wrote (jobs, charts, chart entries, track matches): the
// playlist service only reads these tables.
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ChartEntry } from './chart-playlist';

export interface CompletedJob {
  jobId: string;
  chartId: string;
  chartRef: string;
  chartName: string;
  sourceUrl: string;
  scrapedAt: Date;
  status: 'processing' | 'completed' | 'expired';
  counts: { expected: number; matched: number; notFound: number; failed: number };
}

const jsonStrings = z.array(z.string()).catch([]);

export class ChartReaderRepository {
  constructor(private readonly dataSource: DataSource) {}

  async job(jobId: string): Promise<CompletedJob | null> {
    const rows: {
      id: string;
      chart_id: string;
      chart_ref: string;
      name: string;
      source_url: string;
      scraped_at: Date;
      status: CompletedJob['status'];
      expected_count: number;
      matched_count: number;
      not_found_count: number;
      failed_count: number;
    }[] = await this.dataSource.query(
      `SELECT j.id, j.chart_id, j.chart_ref, c.name, c.source_url, c.scraped_at, j.status,
              j.expected_count, j.matched_count, j.not_found_count, j.failed_count
         FROM jobs j JOIN charts c ON c.id = j.chart_id
        WHERE j.id = $1`,
      [jobId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      jobId: row.id,
      chartId: row.chart_id,
      chartRef: row.chart_ref,
      chartName: row.name,
      sourceUrl: row.source_url,
      scrapedAt: row.scraped_at,
      status: row.status,
      counts: { expected: row.expected_count, matched: row.matched_count, notFound: row.not_found_count, failed: row.failed_count },
    };
  }

  /** The chart's entries in position order, with each track's match. */
  async entries(chartId: string): Promise<ChartEntry[]> {
    const rows: {
      position: number;
      track_key: string;
      title: string;
      mix_name: string | null;
      artists: unknown;
      remixers: unknown;
      length_ms: number | null;
      match_status: string | null;
      video_id: string | null;
      match_score: number | null;
    }[] = await this.dataSource.query(
      `SELECT e.position, e.track_key, t.title, t.mix_name, t.artists, t.remixers, t.length_ms,
              t.match_status, t.video_id, t.match_score
         FROM chart_entries e JOIN tracks t ON t.track_key = e.track_key
        WHERE e.chart_id = $1
        ORDER BY e.position`,
      [chartId],
    );
    return rows.map((row) => ({
      position: row.position,
      trackKey: row.track_key,
      title: row.title,
      mixName: row.mix_name,
      artists: jsonStrings.parse(row.artists),
      remixers: jsonStrings.parse(row.remixers),
      lengthMs: row.length_ms,
      matchStatus: row.match_status,
      videoId: row.video_id,
      matchScore: row.match_score,
    }));
  }

  /** A finished job of the same chart scraped later than this one, if any (it owns the synced playlist now). */
  async newerJob(job: CompletedJob): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT j.id
         FROM jobs j JOIN charts c ON c.id = j.chart_id
        WHERE j.chart_ref = $1 AND j.id <> $2 AND j.status IN ('completed', 'expired') AND c.scraped_at > $3
        ORDER BY c.scraped_at DESC
        LIMIT 1`,
      [job.chartRef, job.jobId, job.scrapedAt],
    );
    return rows[0]?.id ?? null;
  }
}
