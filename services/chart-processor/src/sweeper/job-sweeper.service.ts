// Expires jobs still processing past their deadline (a lost message, a dead provider):
// the tracks never answered are recorded as failed and job.completed goes out with what
// was found. Each job is claimed with FOR UPDATE SKIP LOCKED, and the status flip is a
// compare-and-set, so with several replicas each expired job is handled once. track-search
// locks the job row before recording an outcome, so a late outcome waits for this
// transaction and then finds the job closed.
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  createMessage,
  jobMetrics,
  queryRows,
  SERVICE_CONFIG,
  SpanAttributes,
  topicName,
  Topics,
  withSpan,
  writeToOutbox,
} from '@charts-vibe/shared';
import type { Span } from '@opentelemetry/api';
import { DataSource, EntityManager } from 'typeorm';
import type { ServiceConfig } from '../config';

export const EXPIRED_REASON = 'expired: no outcome before the job deadline';

interface ExpiredJob {
  id: string;
  chart_id: string;
  chart_ref: string;
  expected_count: number;
  matched_count: number;
  not_found_count: number;
  failed_count: number;
  processed_count: number;
  created_at: Date;
  completed_at: Date;
}

@Injectable()
export class JobSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobSweeper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: Error) => this.logger.warn(`sweep failed: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, this.config.SWEEP_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Expires every overdue job; returns how many this call expired. */
  async sweep(): Promise<number> {
    let expired = 0;
    while (await this.dataSource.transaction((manager) => this.expireOne(manager))) expired++;
    await this.refreshInFlightMetrics();
    return expired;
  }

  private readonly chartsInFlight = new Set<string>();

  /** Jobs in flight and their progress, for the Pipeline dashboard (each sweep, from the table itself). */
  private async refreshInFlightMetrics(): Promise<void> {
    const rows: { chart_ref: string; jobs: number; expected: number; processed: number; overdue: number }[] =
      await this.dataSource.query(
        `SELECT chart_ref, count(*)::int AS jobs, sum(expected_count)::int AS expected,
                sum(processed_count)::int AS processed, count(*) FILTER (WHERE deadline_at <= now())::int AS overdue
           FROM jobs WHERE status = 'processing' GROUP BY chart_ref`,
      );
    const seen = new Set(rows.map((r) => r.chart_ref));
    for (const chart of this.chartsInFlight) if (!seen.has(chart)) rows.push({ chart_ref: chart, jobs: 0, expected: 0, processed: 0, overdue: 0 });
    for (const row of rows) {
      jobMetrics.inFlight().set({ chart: row.chart_ref }, row.jobs);
      jobMetrics.inFlightTracks().set({ chart: row.chart_ref, state: 'expected' }, row.expected);
      jobMetrics.inFlightTracks().set({ chart: row.chart_ref, state: 'processed' }, row.processed);
    }
    jobMetrics.overdue().set(rows.reduce((sum, row) => sum + row.overdue, 0));
    this.chartsInFlight.clear();
    for (const chart of seen) this.chartsInFlight.add(chart);
  }

  private async expireOne(manager: EntityManager): Promise<boolean> {
    const [claimed] = await manager.query(
      `SELECT id FROM jobs WHERE status = 'processing' AND deadline_at <= now()
        ORDER BY deadline_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (!claimed) return false;
    // Its own trace: job.completed (and the playlist run after it) continue from here.
    return withSpan('expire job', { [SpanAttributes.jobId]: claimed.id }, (span) => this.expireClaimed(manager, claimed, span));
  }

  private async expireClaimed(manager: EntityManager, claimed: { id: string }, span: Span): Promise<boolean> {
    const missing: { track_key: string }[] = await manager.query(
      `INSERT INTO job_items (job_id, track_key, outcome, reason)
       SELECT $1, track_key, 'failed', $2 FROM unnest((SELECT requested_track_keys FROM jobs WHERE id = $1)) AS track_key
       ON CONFLICT DO NOTHING
       RETURNING track_key`,
      [claimed.id, EXPIRED_REASON],
    );
    const [job] = await queryRows<ExpiredJob>(
      manager,
      `UPDATE jobs SET processed_count = processed_count + $2, failed_count = failed_count + $2,
                       status = 'expired', completed_at = now()
        WHERE id = $1 AND status = 'processing'
        RETURNING id, chart_id, chart_ref, expected_count, processed_count, matched_count, not_found_count,
                  failed_count, created_at, completed_at`,
      [claimed.id, missing.length],
    );
    const message = createMessage('job.completed', {
      jobId: job.id,
      chartId: job.chart_id,
      status: 'expired',
      counts: {
        expected: job.expected_count,
        matched: job.matched_count,
        notFound: job.not_found_count,
        failed: job.failed_count,
      },
      completedAt: new Date(job.completed_at).toISOString(),
    });
    await writeToOutbox(manager, [{ topic: topicName(Topics.jobCompleted), key: job.id, message }]);
    span.setAttributes({
      [SpanAttributes.chartId]: job.chart_id,
      [SpanAttributes.jobStatus]: 'expired',
      [SpanAttributes.expectedCount]: job.expected_count,
      [SpanAttributes.matchedCount]: job.matched_count,
      [SpanAttributes.notFoundCount]: job.not_found_count,
      [SpanAttributes.failedCount]: job.failed_count,
    });
    const seconds = (new Date(job.completed_at).getTime() - new Date(job.created_at).getTime()) / 1000;
    jobMetrics.completed().inc({ chart: job.chart_ref, status: 'expired' });
    jobMetrics.duration().observe({ chart: job.chart_ref, status: 'expired' }, seconds);
    this.logger.warn(
      `job ${job.id}: expired after ${seconds.toFixed(1)} s with ${missing.length} track(s) unanswered ` +
        `(matched ${job.matched_count}, not found ${job.not_found_count}, failed ${job.failed_count})`,
    );
    return true;
  }
}
