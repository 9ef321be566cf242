// The SQL chart-processor owns: charts, chart_entries, track metadata and job creation.
import { Injectable } from '@nestjs/common';
import { ChartTrack, queryRows, trackKeyOf } from '@charts-vibe/shared';
import { EntityManager } from 'typeorm';

export interface StoredChart {
  chartId: string;
  chartRef: string;
  source: string;
  sourceUrl: string;
  name: string;
  scrapedAt: string;
  snapshot: unknown;
  contentHash: string;
  tracks: ChartTrack[];
}

export interface CacheTtl {
  matchedDays: number;
  notFoundDays: number;
}

@Injectable()
export class ChartIngestRepository {
  /** Inserts the chart; false when this chart id is already stored (a redelivery or a same-day rerun). */
  async insertChart(manager: EntityManager, chart: StoredChart): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO charts (id, chart_ref, source, source_url, name, scraped_at, snapshot, content_hash, track_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        chart.chartId,
        chart.chartRef,
        chart.source,
        chart.sourceUrl,
        chart.name,
        chart.scrapedAt,
        JSON.stringify(chart.snapshot),
        chart.contentHash,
        chart.tracks.length,
      ],
    );
    return rows.length === 1;
  }

  /**
   * Upserts track metadata (never the match columns, which track-search owns). Rows are
   * written in key order so two charts sharing tracks lock them in the same order and
   * cannot deadlock.
   */
  async upsertTracks(manager: EntityManager, tracks: ChartTrack[]): Promise<void> {
    const distinct = [...new Map(tracks.map((t) => [trackKeyOf(t.beatportId), t])).entries()].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    if (distinct.length === 0) return;
    const column = <T>(pick: (t: ChartTrack) => T) => distinct.map(([, t]) => pick(t));
    await manager.query(
      `INSERT INTO tracks (track_key, beatport_id, title, mix_name, artists, remixers, label, genre, bpm,
                           musical_key, length_ms, release_date, isrc)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::text[],
                            $8::text[], $9::float8[], $10::text[], $11::int[], $12::text[], $13::text[])
       ON CONFLICT (track_key) DO UPDATE SET
         title = EXCLUDED.title, mix_name = EXCLUDED.mix_name, artists = EXCLUDED.artists,
         remixers = EXCLUDED.remixers, label = EXCLUDED.label, genre = EXCLUDED.genre, bpm = EXCLUDED.bpm,
         musical_key = EXCLUDED.musical_key, length_ms = EXCLUDED.length_ms,
         release_date = EXCLUDED.release_date, isrc = COALESCE(EXCLUDED.isrc, tracks.isrc), updated_at = now()`,
      [
        distinct.map(([key]) => key),
        column((t) => t.beatportId),
        column((t) => t.title),
        column((t) => t.mixName),
        column((t) => JSON.stringify(t.artists)),
        column((t) => JSON.stringify(t.remixers)),
        column((t) => t.label),
        column((t) => t.genre),
        column((t) => t.bpm),
        column((t) => t.key),
        column((t) => t.lengthMs),
        column((t) => t.releaseDate),
        column((t) => t.isrc ?? null),
      ],
    );
  }

  async insertEntries(manager: EntityManager, chartId: string, tracks: ChartTrack[]): Promise<void> {
    if (tracks.length === 0) return;
    await manager.query(
      `INSERT INTO chart_entries (chart_id, position, track_key)
       SELECT $1, * FROM unnest($2::int[], $3::text[])`,
      [chartId, tracks.map((t) => t.position), tracks.map((t) => trackKeyOf(t.beatportId))],
    );
  }

  /** The chart's distinct tracks whose cached outcome is missing, failed or older than its TTL. */
  async tracksNeedingSearch(manager: EntityManager, chartId: string, ttl: CacheTtl): Promise<string[]> {
    const rows: { track_key: string }[] = await manager.query(
      `SELECT DISTINCT t.track_key
         FROM chart_entries e JOIN tracks t ON t.track_key = e.track_key
        WHERE e.chart_id = $1
          AND (t.match_status IS NULL
               OR t.match_status = 'failed'
               OR t.matched_at IS NULL
               OR (t.match_status = 'matched' AND t.matched_at < now() - make_interval(secs => $2))
               OR (t.match_status IN ('not_found', 'needs_review') AND t.matched_at < now() - make_interval(secs => $3)))
        ORDER BY t.track_key`,
      [chartId, ttl.matchedDays * 86_400, ttl.notFoundDays * 86_400],
    );
    return rows.map((r) => r.track_key);
  }

  async insertJob(
    manager: EntityManager,
    job: { id: string; chartId: string; chartRef: string; source: string; trackKeys: string[]; deadlineMinutes: number },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO jobs (id, chart_id, chart_ref, source, expected_count, requested_track_keys, deadline_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7))`,
      [job.id, job.chartId, job.chartRef, job.source, job.trackKeys.length, job.trackKeys, job.deadlineMinutes],
    );
  }

  /** A job with nothing to search is complete the moment it exists. */
  async completeEmptyJob(manager: EntityManager, jobId: string): Promise<{ completed_at: Date }> {
    const [row] = await queryRows<{ completed_at: Date }>(
      manager,
      `UPDATE jobs SET status = 'completed', completed_at = now()
        WHERE id = $1 AND status = 'processing' AND expected_count = 0
        RETURNING completed_at`,
      [jobId],
    );
    return row;
  }
}
