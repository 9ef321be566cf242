// Read queries behind the charts API.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A chart with the job it started. */
const CHART_WITH_JOB = `SELECT c.id, c.chart_ref, c.name, c.source, c.source_url, c.scraped_at, c.track_count, c.content_hash,
       j.id AS job_id, j.status AS job_status
  FROM charts c LEFT JOIN jobs j ON j.chart_id = c.id`;

@Injectable()
export class ChartsRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(limit: number): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `${CHART_WITH_JOB} ORDER BY c.scraped_at DESC LIMIT $1`,
      [limit],
    );
  }

  async find(id: string): Promise<Record<string, unknown> | undefined> {
    const [row] = await this.dataSource.query(
      `${CHART_WITH_JOB} WHERE c.id = $1`,
      [id],
    );
    return row;
  }

  entries(chartId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT e.position, e.track_key, t.artists, t.title, t.mix_name, t.remixers, t.label, t.length_ms,
              t.match_status, t.video_id, t.match_score, t.matched_at
         FROM chart_entries e JOIN tracks t ON t.track_key = e.track_key
        WHERE e.chart_id = $1 ORDER BY e.position`,
      [chartId],
    );
  }
}
