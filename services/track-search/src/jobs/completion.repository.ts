// The completion step (ARCHITECTURE.md), for one or many outcomes in one transaction:
//   1. lock the jobs' rows (in id order, so concurrent batches cannot deadlock; the sweeper
//      locks the same row first too, so a late outcome waits and then sees the job closed);
//   2. INSERT job_items … ON CONFLICT DO NOTHING: a redelivered track inserts nothing and
//      moves no counter;
//   3. UPDATE jobs counters by what was inserted, RETURNING the new counts;
//   4. the compare-and-set `status = 'processing' AND processed = expected` → 'completed':
//      only the transaction that makes the counts meet flips it, so exactly one writes
//      job.completed to the outbox (rows are locked, later transactions see 'completed').
import { Injectable } from '@nestjs/common';
import {
  contextFromHeaders,
  createMessage,
  markFailed,
  OutboxEvent,
  queryRows,
  SpanAttributes,
  topicName,
  Topics,
  traceHeadersOf,
  TrackOutcome,
  TRACER_NAME,
  writeToOutbox,
} from '@charts-vibe/shared';
import { context, Span, trace } from '@opentelemetry/api';
import { DataSource, EntityManager } from 'typeorm';

export type MatchStatus = 'matched' | 'not_found' | 'needs_review' | 'failed';

export interface OutcomeRecord {
  jobId: string;
  trackKey: string;
  /** What the job counts (needs_review counts as not_found). */
  outcome: TrackOutcome;
  /** What the track caches. */
  matchStatus: MatchStatus;
  videoId: string | null;
  score: number | null;
  reason: string | null;
  details: Record<string, unknown> | null;
  /** The trace context of the search that produced it: its events continue that trace, not the batch's. */
  traceHeaders?: Record<string, string>;
}

export type RecordResult =
  | { kind: 'counted'; processedCount: number; expectedCount: number; counts: JobTally; completedJob?: CompletedJob }
  | { kind: 'duplicate' }
  | { kind: 'job_closed'; status: string }
  | { kind: 'unknown_job' };

/** A job's counters right after this transaction (the outcomes of this batch included). */
export interface JobTally {
  processed: number;
  expected: number;
  matched: number;
  notFound: number;
  failed: number;
}

export interface CompletedJob {
  id: string;
  chartId: string;
  chartRef: string;
  counts: { expected: number; matched: number; notFound: number; failed: number };
  createdAt: Date;
  completedAt: Date;
}

export interface ItemState {
  jobStatus: string | null;
  alreadyRecorded: boolean;
}

/**
 * `complete job`: a child of the search whose outcome completed the job (whichever
 * transaction of the batch ran it); job.completed and the playlist run continue from it.
 */
function completeJobSpan(job: CompletedJob, completing: OutcomeRecord | undefined): Span {
  const parent = completing?.traceHeaders?.traceparent ? contextFromHeaders(completing.traceHeaders) : context.active();
  return trace.getTracer(TRACER_NAME).startSpan(
    'complete job',
    {
      attributes: {
        [SpanAttributes.jobId]: job.id,
        [SpanAttributes.chartId]: job.chartId,
        [SpanAttributes.chartRef]: job.chartRef,
        [SpanAttributes.jobStatus]: 'completed',
        [SpanAttributes.expectedCount]: job.counts.expected,
        [SpanAttributes.matchedCount]: job.counts.matched,
        [SpanAttributes.notFoundCount]: job.counts.notFound,
        [SpanAttributes.failedCount]: job.counts.failed,
      },
    },
    parent,
  );
}

@Injectable()
export class CompletionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A cheap look before searching (one query for many): a duplicate or a closed job needs no search at all. */
  async itemStates(items: { jobId: string; trackKey: string }[]): Promise<ItemState[]> {
    const rows: { status: string | null; recorded: boolean }[] = await this.dataSource.query(
      `SELECT j.status, (i.job_id IS NOT NULL) AS recorded
         FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS q(job_id, track_key, n)
         LEFT JOIN jobs j ON j.id = q.job_id
         LEFT JOIN job_items i ON i.job_id = q.job_id AND i.track_key = q.track_key
        ORDER BY q.n`,
      [items.map((i) => i.jobId), items.map((i) => i.trackKey)],
    );
    return rows.map((row) => ({ jobStatus: row.status ?? null, alreadyRecorded: row.recorded }));
  }

  /** Records outcomes; results are in the order of `records`. */
  recordOutcomes(records: OutcomeRecord[]): Promise<RecordResult[]> {
    return this.dataSource.transaction((manager) => this.recordInTransaction(manager, records));
  }

  private async recordInTransaction(manager: EntityManager, records: OutcomeRecord[]): Promise<RecordResult[]> {
    const jobIds = [...new Set(records.map((r) => r.jobId))].sort();
    const locked: { id: string; status: string }[] = await manager.query(
      `SELECT id, status FROM jobs WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [jobIds],
    );
    const statusOf = new Map(locked.map((j) => [j.id, j.status]));
    const open = records.filter((r) => statusOf.get(r.jobId) === 'processing');

    const inserted: { job_id: string; track_key: string }[] = open.length
      ? await manager.query(
          `INSERT INTO job_items (job_id, track_key, outcome, video_id, score, reason)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[])
           ON CONFLICT DO NOTHING
           RETURNING job_id, track_key`,
          [
            open.map((r) => r.jobId),
            open.map((r) => r.trackKey),
            open.map((r) => r.outcome),
            open.map((r) => (r.outcome === 'matched' ? r.videoId : null)),
            open.map((r) => r.score),
            open.map((r) => r.reason),
          ],
        )
      : [];
    const insertedKeys = new Set(inserted.map((i) => `${i.job_id}|${i.track_key}`));
    // The first record of a (job, track) pair in this batch is the one that was inserted.
    const counted: OutcomeRecord[] = [];
    for (const record of open) {
      const key = `${record.jobId}|${record.trackKey}`;
      if (insertedKeys.delete(key)) counted.push(record);
    }

    const countsAfter = await this.addToCounters(manager, counted);
    const completed = await this.completeFinishedJobs(manager, [...countsAfter.keys()]);
    // Late outcomes (job already closed) still refresh the track's cached match.
    const trackUpdates = [...counted, ...records.filter((r) => statusOf.has(r.jobId) && statusOf.get(r.jobId) !== 'processing')];
    await this.updateTracks(manager, trackUpdates);

    const results = new Map<OutcomeRecord, RecordResult>();
    const seenPerJob = new Map<string, number>();
    const batchPerJob = new Map<string, number>();
    for (const record of counted) batchPerJob.set(record.jobId, (batchPerJob.get(record.jobId) ?? 0) + 1);
    const events: OutboxEvent[] = [];
    for (const record of counted) {
      const after = countsAfter.get(record.jobId)!;
      const index = (seenPerJob.get(record.jobId) ?? 0) + 1;
      seenPerJob.set(record.jobId, index);
      const processedCount = after.processed - batchPerJob.get(record.jobId)! + index;
      const isLast = index === batchPerJob.get(record.jobId);
      const completedJob = isLast ? completed.get(record.jobId) : undefined;
      results.set(record, { kind: 'counted', processedCount, expectedCount: after.expected, counts: after, completedJob });
      events.push({
        topic: topicName(Topics.trackMatched),
        key: record.jobId,
        headers: record.traceHeaders,
        message: createMessage('track.matched', {
          jobId: record.jobId,
          trackKey: record.trackKey,
          outcome: record.outcome,
          videoId: record.outcome === 'matched' ? record.videoId : null,
          score: record.score,
          reason: record.reason,
          processedCount,
          expectedCount: after.expected,
        }),
      });
    }
    const completionSpans: Span[] = [];
    for (const job of completed.values()) {
      const completing = counted.filter((r) => r.jobId === job.id).at(-1);
      const span = completeJobSpan(job, completing);
      completionSpans.push(span);
      events.push({
        topic: topicName(Topics.jobCompleted),
        key: job.id,
        headers: traceHeadersOf(trace.setSpan(context.active(), span)),
        message: createMessage('job.completed', {
          jobId: job.id,
          chartId: job.chartId,
          status: 'completed',
          counts: job.counts,
          completedAt: job.completedAt.toISOString(),
        }),
      });
    }
    try {
      await writeToOutbox(manager, events);
    } catch (error) {
      for (const span of completionSpans) markFailed(span, error);
      throw error;
    } finally {
      for (const span of completionSpans) span.end();
    }

    return records.map((record) => {
      const status = statusOf.get(record.jobId);
      if (status === undefined) return { kind: 'unknown_job' };
      if (status !== 'processing') return { kind: 'job_closed', status };
      return results.get(record) ?? { kind: 'duplicate' };
    });
  }

  private async addToCounters(
    manager: EntityManager,
    counted: OutcomeRecord[],
  ): Promise<Map<string, JobTally>> {
    const deltas = new Map<string, { n: number; matched: number; notFound: number; failed: number }>();
    for (const r of counted) {
      const d = deltas.get(r.jobId) ?? { n: 0, matched: 0, notFound: 0, failed: 0 };
      d.n++;
      if (r.outcome === 'matched') d.matched++;
      else if (r.outcome === 'not_found') d.notFound++;
      else d.failed++;
      deltas.set(r.jobId, d);
    }
    if (deltas.size === 0) return new Map();
    const ids = [...deltas.keys()];
    const rows = await queryRows<Record<string, never>>(
      manager,
      `UPDATE jobs j
          SET processed_count = j.processed_count + d.n,
              matched_count = j.matched_count + d.matched,
              not_found_count = j.not_found_count + d.not_found,
              failed_count = j.failed_count + d.failed
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::int[]) AS d(id, n, matched, not_found, failed)
        WHERE j.id = d.id
        RETURNING j.id, j.processed_count, j.expected_count, j.matched_count, j.not_found_count, j.failed_count`,
      [
        ids,
        ids.map((id) => deltas.get(id)!.n),
        ids.map((id) => deltas.get(id)!.matched),
        ids.map((id) => deltas.get(id)!.notFound),
        ids.map((id) => deltas.get(id)!.failed),
      ],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          processed: r.processed_count,
          expected: r.expected_count,
          matched: r.matched_count,
          notFound: r.not_found_count,
          failed: r.failed_count,
        },
      ]),
    );
  }

  private async completeFinishedJobs(manager: EntityManager, jobIds: string[]): Promise<Map<string, CompletedJob>> {
    if (jobIds.length === 0) return new Map();
    const rows = await queryRows<Record<string, never>>(
      manager,
      `UPDATE jobs SET status = 'completed', completed_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'processing' AND processed_count = expected_count
        RETURNING id, chart_id, chart_ref, expected_count, matched_count, not_found_count, failed_count,
                  created_at, completed_at`,
      [jobIds],
    );
    return new Map(
      rows.map((r: Record<string, never>) => [
        r.id,
        {
          id: r.id,
          chartId: r.chart_id,
          chartRef: r.chart_ref,
          counts: {
            expected: r.expected_count,
            matched: r.matched_count,
            notFound: r.not_found_count,
            failed: r.failed_count,
          },
          createdAt: new Date(r.created_at),
          completedAt: new Date(r.completed_at),
        },
      ]),
    );
  }

  private async updateTracks(manager: EntityManager, records: OutcomeRecord[]): Promise<void> {
    const latest = new Map(records.map((r) => [r.trackKey, r]));
    const keys = [...latest.keys()].sort();
    if (keys.length === 0) return;
    // Rows locked in key order: two batches sharing tracks (two charts at once) cannot deadlock.
    await manager.query(`SELECT 1 FROM tracks WHERE track_key = ANY($1::text[]) ORDER BY track_key FOR UPDATE`, [keys]);
    await manager.query(
      `UPDATE tracks t
          SET match_status = d.status, video_id = d.video_id, match_score = d.score, match_details = d.details,
              matched_at = now(), match_attempts = t.match_attempts + 1
         FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::jsonb[]) AS d(track_key, status, video_id, score, details)
        WHERE t.track_key = d.track_key`,
      [
        keys,
        keys.map((k) => latest.get(k)!.matchStatus),
        keys.map((k) => latest.get(k)!.videoId),
        keys.map((k) => latest.get(k)!.score),
        keys.map((k) => JSON.stringify({ ...latest.get(k)!.details, reason: latest.get(k)!.reason })),
      ],
    );
  }
}
