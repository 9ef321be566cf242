// Scrape one chart and publish it as chart.scraped: the one path both entry points take
// (POST /scrape and the CronJob command). Nothing is published unless the whole chart
// was read and validated; every attempt is counted and timed.
import { createMessage, registerMetrics, SpanAttributes, Topics, topicName, traceHeadersOf, withSpan } from '@charts-vibe/shared';
import type { Span } from '@opentelemetry/api';
import type { Message } from 'kafkajs';
import type { Logger } from 'pino';
import { ScrapeSource, ServiceConfig } from '../config';
import { BeatportHttp } from './beatport-http';
import { resolveChart } from './chart-catalog';
import { ChartScraper } from './chart-scraper';
import { ApiSource, ChartSource, PageSource } from './chart-sources';
import { BeatportError, ChartPublishError } from './errors';
import { scrapeMetrics } from './scrape-metrics';

/** What publishes: the service's KafkaPublisher, or the CLI's own. */
export interface MessagePublisher {
  send(topic: string, messages: Message[]): Promise<void>;
}

export interface ScrapeResult {
  chartId: string;
  chartRef: string;
  chartName: string;
  source: ScrapeSource;
  sourceUrl: string;
  trackCount: number;
}

export type ScraperSettings = Pick<
  ServiceConfig,
  | 'BEATPORT_BASE_URL'
  | 'BEATPORT_API_BASE_URL'
  | 'BEATPORT_API_TOKEN'
  | 'SCRAPER_SOURCE_ORDER'
  | 'SCRAPER_PAGE_DELAY_MS'
  | 'SCRAPER_TIMEOUT_MS'
  | 'SCRAPER_MAX_RESPONSE_BYTES'
  | 'SCRAPER_MAX_RETRIES'
  | 'SCRAPER_RETRY_INITIAL_MS'
  | 'SCRAPER_MAX_RETRY_AFTER_MS'
  | 'SCRAPER_USER_AGENT'
>;

export class ChartScrapeService {
  constructor(
    private readonly scraper: ChartScraper,
    private readonly publisher: MessagePublisher,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    registerMetrics(scrapeMetrics);
  }

  /** Throws UnknownChartError / NoSourceForChartError (bad request, nothing fetched), a BeatportError, or ChartPublishError. */
  scrapeAndPublish(chart: string): Promise<ScrapeResult> {
    // The root of a run's trace: chart.scraped carries its context to chart-processor.
    return withSpan('scrape chart', { 'charts_vibe.chart.requested': chart }, (span) => this.scrapeInSpan(chart, span));
  }

  private async scrapeInSpan(chart: string, span: Span): Promise<ScrapeResult> {
    const target = resolveChart(chart);
    span.setAttribute(SpanAttributes.chartRef, target.ref);
    this.scraper.assertReadable(target);
    const stopTimer = scrapeMetrics.duration().startTimer({ chart: target.ref });
    try {
      const scraped = await this.scraper.scrape(target);
      const scrapedAt = this.now();
      // The UTC day makes a rerun on the same day the same chart for chart-processor.
      const chartId = `${target.ref}:${scrapedAt.toISOString().slice(0, 10)}`;
      const message = createMessage(
        'chart.scraped',
        {
          chartId,
          chartRef: target.ref,
          source: scraped.source,
          sourceUrl: scraped.sourceUrl,
          chartName: scraped.chartName,
          scrapedAt: scrapedAt.toISOString(),
          tracks: scraped.tracks,
        },
        scrapedAt,
      );
      try {
        span.setAttributes({
          [SpanAttributes.chartId]: chartId,
          [SpanAttributes.scrapeSource]: scraped.source,
          [SpanAttributes.trackCount]: scraped.tracks.length,
        });
        // The kafkajs instrumentation replaces this traceparent with its send span's (a child of this one).
        await this.publisher.send(topicName(Topics.chartScraped), [
          { key: chartId, value: JSON.stringify(message), headers: traceHeadersOf() },
        ]);
      } catch (error) {
        throw new ChartPublishError(`read ${chartId} but could not publish it: ${(error as Error).message}`);
      }
      scrapeMetrics.scrapes().inc({ chart: target.ref, outcome: 'ok', reason: 'none' });
      stopTimer({ outcome: 'ok' });
      this.logger.info({ chartId, source: scraped.source, tracks: scraped.tracks.length }, `published ${chartId}`);
      return {
        chartId,
        chartRef: target.ref,
        chartName: scraped.chartName,
        source: scraped.source,
        sourceUrl: scraped.sourceUrl,
        trackCount: scraped.tracks.length,
      };
    } catch (error) {
      const reason =
        error instanceof BeatportError ? error.reason : error instanceof ChartPublishError ? 'publish' : 'internal';
      scrapeMetrics.scrapes().inc({ chart: target.ref, outcome: 'error', reason });
      span.setAttribute(SpanAttributes.scrapeReason, reason);
      stopTimer({ outcome: 'error' });
      this.logger.error(
        { chart: target.ref, reason, err: error },
        `scrape of ${target.ref} failed, nothing published: ${(error as Error).message}`,
      );
      throw error;
    }
  }
}

export function buildChartScrapeService(
  config: ScraperSettings,
  publisher: MessagePublisher,
  logger: Logger,
): ChartScrapeService {
  const http = new BeatportHttp([config.BEATPORT_BASE_URL, config.BEATPORT_API_BASE_URL], {
    userAgent: config.SCRAPER_USER_AGENT,
    timeoutMs: config.SCRAPER_TIMEOUT_MS,
    maxResponseBytes: config.SCRAPER_MAX_RESPONSE_BYTES,
    maxRetries: config.SCRAPER_MAX_RETRIES,
    retryInitialMs: config.SCRAPER_RETRY_INITIAL_MS,
    maxRetryAfterMs: config.SCRAPER_MAX_RETRY_AFTER_MS,
    minIntervalMs: config.SCRAPER_PAGE_DELAY_MS,
  });
  const token = config.BEATPORT_API_TOKEN;
  const sources = config.SCRAPER_SOURCE_ORDER.flatMap((name): ChartSource[] => {
    if (name === 'page') return [new PageSource(http, config.BEATPORT_BASE_URL)];
    return token ? [new ApiSource(http, config.BEATPORT_API_BASE_URL, token)] : [];
  });
  return new ChartScrapeService(new ChartScraper(sources, logger), publisher, logger);
}
