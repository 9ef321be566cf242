// Turns a scraped chart into a job: stores the chart, decides which tracks need a search,
// and — in one transaction — creates the job with its expected count and writes every
// track.requested (or, with nothing to search, the job.completed) to the outbox.
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  addLogFields,
  ChartScraped,
  createMessage,
  jobMetrics,
  OutboxEvent,
  SERVICE_CONFIG,
  SpanAttributes,
  topicName,
  Topics,
  trackKeyOf,
  withSpan,
  writeToOutbox,
} from '@charts-vibe/shared';
import type { Span } from '@opentelemetry/api';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '../config';
import { ChartIngestRepository } from './chart-ingest.repository';

export type IngestResult =
  | { kind: 'created'; jobId: string; expectedCount: number; cachedCount: number }
  | { kind: 'duplicate'; chartId: string };

/** Hash of what the chart says (not when it was scraped): an identical re-scrape has the same hash. */
export function contentHashOf(chart: ChartScraped['payload']): string {
  const content = chart.tracks.map((t) => [t.position, t.beatportId]);
  return createHash('sha256').update(JSON.stringify([chart.chartRef, content])).digest('hex');
}

@Injectable()
export class ChartIngestService {
  private readonly logger = new Logger('ChartIngest');

  constructor(
    private readonly dataSource: DataSource,
    private readonly charts: ChartIngestRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** In a `create job` span: the outbox rows carry its context, so every track search continues this trace. */
  ingest(message: ChartScraped): Promise<IngestResult> {
    const chart = message.payload;
    const attributes = { [SpanAttributes.chartId]: chart.chartId, [SpanAttributes.chartRef]: chart.chartRef };
    return withSpan('create job', attributes, (span) => this.ingestInSpan(message, span));
  }

  private async ingestInSpan(message: ChartScraped, span: Span): Promise<IngestResult> {
    const chart = message.payload;
    const result = await this.dataSource.transaction(async (manager): Promise<IngestResult> => {
      const inserted = await this.charts.insertChart(manager, {
        chartId: chart.chartId,
        chartRef: chart.chartRef,
        source: chart.source,
        sourceUrl: chart.sourceUrl,
        name: chart.chartName,
        scrapedAt: chart.scrapedAt,
        snapshot: chart,
        contentHash: contentHashOf(chart),
        tracks: chart.tracks,
      });
      // Same chart id: a redelivery or a same-day rerun. Its job exists (created in that same transaction).
      if (!inserted) return { kind: 'duplicate', chartId: chart.chartId };

      await this.charts.upsertTracks(manager, chart.tracks);
      await this.charts.insertEntries(manager, chart.chartId, chart.tracks);
      const trackKeys = await this.charts.tracksNeedingSearch(manager, chart.chartId, {
        matchedDays: this.config.MATCH_CACHE_TTL_DAYS,
        notFoundDays: this.config.NOT_FOUND_CACHE_TTL_DAYS,
      });
      const jobId = randomUUID();
      await this.charts.insertJob(manager, {
        id: jobId,
        chartId: chart.chartId,
        chartRef: chart.chartRef,
        source: chart.source,
        trackKeys,
        deadlineMinutes: this.config.JOB_DEADLINE_MINUTES,
      });

      const events: OutboxEvent[] = [];
      if (trackKeys.length === 0) {
        const { completed_at } = await this.charts.completeEmptyJob(manager, jobId);
        const completed = createMessage('job.completed', {
          jobId,
          chartId: chart.chartId,
          status: 'completed',
          counts: { expected: 0, matched: 0, notFound: 0, failed: 0 },
          completedAt: new Date(completed_at).toISOString(),
        });
        events.push({ topic: topicName(Topics.jobCompleted), key: jobId, message: completed });
      } else {
        const byKey = new Map(chart.tracks.map((t) => [trackKeyOf(t.beatportId), t]));
        for (const trackKey of trackKeys) {
          const track = byKey.get(trackKey)!;
          const requested = createMessage('track.requested', {
            jobId,
            trackKey,
            track: {
              beatportId: track.beatportId,
              title: track.title,
              mixName: track.mixName,
              artists: track.artists,
              remixers: track.remixers,
              lengthMs: track.lengthMs,
              isrc: track.isrc ?? null,
            },
            attempt: 1,
          });
          events.push({ topic: topicName(Topics.trackRequested), key: trackKey, message: requested });
        }
      }
      await writeToOutbox(manager, events);
      const distinctTracks = new Set(chart.tracks.map((t) => t.beatportId)).size;
      return { kind: 'created', jobId, expectedCount: trackKeys.length, cachedCount: distinctTracks - trackKeys.length };
    });

    span.setAttributes(
      result.kind === 'duplicate'
        ? { 'charts_vibe.job.duplicate': true }
        : { [SpanAttributes.jobId]: result.jobId, [SpanAttributes.expectedCount]: result.expectedCount },
    );
    if (result.kind === 'duplicate') {
      this.logger.log(`chart ${chart.chartId}: already received, no new job`);
      return result;
    }
    addLogFields({ job_id: result.jobId });
    jobMetrics.created().inc({ chart: chart.chartRef });
    if (result.expectedCount === 0) {
      jobMetrics.completed().inc({ chart: chart.chartRef, status: 'completed' });
      jobMetrics.duration().observe({ chart: chart.chartRef, status: 'completed' }, 0);
    }
    this.logger.log(
      `job ${result.jobId}: created for ${chart.chartId} — ${result.expectedCount} track(s) to search, ${result.cachedCount} cached` +
        (result.expectedCount === 0 ? '; completed at once' : ''),
    );
    return result;
  }
}
