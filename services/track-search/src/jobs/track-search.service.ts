// Decides each requested track: skip what is already recorded, search within the
// concurrency and rate limits, and record the outcome through the completion step.
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  jobMetrics,
  PermanentError,
  registerMetrics,
  SearchableTrack,
  SERVICE_CONFIG,
  SpanAttributes,
  traceHeadersOf,
  TrackRequested,
  withSpan,
} from '@charts-vibe/shared';
import type { Span } from '@opentelemetry/api';
import PQueue from 'p-queue';
import { performance } from 'node:perf_hooks';
import type { ServiceConfig } from '../config';
import { TRACK_SEARCH_PROVIDER } from '../search/track-search-provider';
import type { SearchDecision, TrackSearchProvider } from '../search/track-search-provider';
import { CompletionRepository, ItemState, OutcomeRecord, RecordResult } from './completion.repository';
import { GroupCommitBatcher } from './group-commit-batcher';
import { searchMetrics } from './search.metrics';

export function outcomeRecordOf(message: TrackRequested, decision: SearchDecision): OutcomeRecord {
  const { jobId, trackKey } = message.payload;
  const base = { jobId, trackKey, score: decision.score, details: decision.details };
  switch (decision.outcome) {
    case 'matched':
      return { ...base, outcome: 'matched', matchStatus: 'matched', videoId: decision.videoId, reason: null };
    case 'needs_review':
      return {
        ...base,
        outcome: 'not_found',
        matchStatus: 'needs_review',
        videoId: decision.videoId,
        reason: `needs review: best candidate scored ${decision.score?.toFixed(2) ?? '?'}, below the acceptance threshold`,
      };
    case 'not_found':
      return { ...base, outcome: 'not_found', matchStatus: 'not_found', videoId: null, reason: 'no acceptable candidate' };
  }
}

/**
 * p-queue's window for a rate: one start per 1000/rate ms while that is at least 10 ms
 * (smooth), else rate/100 starts per 10 ms window (p-queue cannot go below 1 ms).
 */
export function rateWindow(ratePerSecond: number): { interval: number; intervalCap: number } {
  if (ratePerSecond <= 100) return { interval: Math.round(1000 / ratePerSecond), intervalCap: 1 };
  return { interval: 10, intervalCap: Math.ceil(ratePerSecond / 100) };
}

@Injectable()
export class TrackSearchService {
  private readonly logger = new Logger('TrackSearch');
  private readonly limiter: PQueue;
  private readonly batcher: GroupCommitBatcher<OutcomeRecord, RecordResult>;
  private readonly stateReader: GroupCommitBatcher<{ jobId: string; trackKey: string }, ItemState>;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    @Inject(TRACK_SEARCH_PROVIDER) private readonly provider: TrackSearchProvider,
    private readonly completion: CompletionRepository,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    registerMetrics(searchMetrics);
    this.limiter = new PQueue({
      concurrency: config.SEARCH_CONCURRENCY,
      ...rateWindow(config.SEARCH_RATE_PER_SECOND),
    });
    this.stateReader = new GroupCommitBatcher((items) => this.completion.itemStates(items), config.COMPLETION_BATCH_MAX);
    this.batcher = new GroupCommitBatcher(
      (records) => this.completion.recordOutcomes(records),
      config.COMPLETION_BATCH_MAX,
      (size) => searchMetrics.batchSize().observe(size),
    );
  }

  /** In a `search track` span; the outcome's events (and a completion) continue from it. */
  handle(message: TrackRequested): Promise<void> {
    const { jobId, trackKey } = message.payload;
    // Copies of a request handled at the same time (a redelivery burst, messages of a partition
    // in parallel) share one search: the second waits for the first and mirrors its result.
    const key = `${jobId}|${trackKey}`;
    const running = this.inFlight.get(key);
    if (running) {
      searchMetrics.duplicates().inc({ kind: 'in_flight' });
      return running;
    }
    const attributes = { [SpanAttributes.jobId]: jobId, [SpanAttributes.trackKey]: trackKey };
    const handled = withSpan('search track', attributes, (span) => this.handleInSpan(message, span)).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, handled);
    return handled;
  }

  private async handleInSpan(message: TrackRequested, span: Span): Promise<void> {
    const { jobId, trackKey, track } = message.payload;
    const state = await this.stateReader.submit({ jobId, trackKey });
    if (state.jobStatus === null) throw new PermanentError(`job ${jobId} does not exist`);
    if (state.alreadyRecorded || state.jobStatus !== 'processing') {
      searchMetrics.duplicates().inc({ kind: state.alreadyRecorded ? 'already_recorded' : 'job_closed' });
      this.logger.debug?.(`job ${jobId}: ${trackKey} needs nothing (${state.alreadyRecorded ? 'already recorded' : `job ${state.jobStatus}`})`);
      return;
    }
    const record: OutcomeRecord = { ...outcomeRecordOf(message, await this.search(track)), traceHeaders: traceHeadersOf() };
    span.setAttributes({
      [SpanAttributes.outcome]: record.outcome,
      ...(record.score !== null ? { [SpanAttributes.score]: record.score } : {}),
      ...(record.videoId ? { [SpanAttributes.videoId]: record.videoId } : {}),
    });
    this.report(record, await this.batcher.submit(record));
  }

  /** After the last attempt: the track counts as failed, with the reason, and the job can still complete. */
  recordFailure(message: TrackRequested, error: Error): Promise<void> {
    const { jobId, trackKey } = message.payload;
    const attributes = { [SpanAttributes.jobId]: jobId, [SpanAttributes.trackKey]: trackKey, [SpanAttributes.outcome]: 'failed' };
    return withSpan('search track', attributes, () => this.recordFailureInSpan(message, error));
  }

  private async recordFailureInSpan(message: TrackRequested, error: Error): Promise<void> {
    const { jobId, trackKey } = message.payload;
    const record: OutcomeRecord = {
      traceHeaders: traceHeadersOf(),
      jobId,
      trackKey,
      outcome: 'failed',
      matchStatus: 'failed',
      videoId: null,
      score: null,
      reason: error.message.slice(0, 500),
      details: { error: error.name },
    };
    this.report(record, await this.batcher.submit(record));
  }

  private async search(track: SearchableTrack): Promise<SearchDecision> {
    const queuedAt = performance.now();
    return (await this.limiter.add(async () => {
      searchMetrics.rateLimitWait().observe((performance.now() - queuedAt) / 1000);
      const started = performance.now();
      try {
        const decision = await this.provider.search(track);
        searchMetrics.searchDuration().observe({ result: decision.outcome }, (performance.now() - started) / 1000);
        if (decision.score !== null) searchMetrics.matchScore().observe({ decision: decision.outcome }, decision.score);
        return decision;
      } catch (error) {
        searchMetrics.searchDuration().observe({ result: 'error' }, (performance.now() - started) / 1000);
        searchMetrics.searchErrors().inc({ reason: (error as Error).name || 'Error' });
        throw error;
      }
    })) as SearchDecision;
  }

  private report(record: OutcomeRecord, result: RecordResult): void {
    const { jobId, trackKey } = record;
    if (result.kind === 'unknown_job') throw new PermanentError(`job ${jobId} does not exist`);
    if (result.kind !== 'counted') {
      searchMetrics.duplicates().inc({ kind: result.kind === 'duplicate' ? 'already_recorded' : 'job_closed' });
      return;
    }
    searchMetrics.tracksProcessed().inc({ outcome: record.outcome });
    const { expected, matched, notFound, failed } = result.counts;
    const line = `job ${jobId}: processed ${result.processedCount}/${expected} (matched ${matched}, not found ${notFound}, failed ${failed})`;
    // Every tenth of the way at info level; each track at debug.
    const tenth = (n: number) => Math.floor((10 * n) / Math.max(1, expected));
    if (tenth(result.processedCount) > tenth(result.processedCount - 1)) this.logger.log(line);
    else this.logger.debug?.(`${line} — ${trackKey}`);
    const job = result.completedJob;
    if (job) {
      const seconds = (job.completedAt.getTime() - job.createdAt.getTime()) / 1000;
      jobMetrics.completed().inc({ chart: job.chartRef, status: 'completed' });
      jobMetrics.duration().observe({ chart: job.chartRef, status: 'completed' }, seconds);
      this.logger.log(
        `job ${jobId}: completed in ${seconds.toFixed(1)} s (matched ${job.counts.matched}, not found ${job.counts.notFound}, failed ${job.counts.failed})`,
      );
    }
  }
}
