// Runs chart-processor and track-search (in-process NestJS apps) against the real Kafka
// and a fresh PostgreSQL database, and watches the topics they write.
import { INestApplication } from '@nestjs/common';
import {
  ChartScraped,
  ChartTrack,
  createMessage,
  JobCompleted,
  loadConfig,
  startService,
  topicName,
  Topics,
} from '@charts-vibe/shared';
import { createTestDatabase, serviceEnv, TestDatabase, testKafka, TopicRecorder, uniqueName, waitFor } from '@charts-vibe/shared/testing';
import { Kafka, Producer } from 'kafkajs';
import * as chartProcessor from '../../services/chart-processor/src/app.module';
import * as chartProcessorConfig from '../../services/chart-processor/src/config';
import * as trackSearch from '../../services/track-search/src/app.module';
import * as trackSearchConfig from '../../services/track-search/src/config';
import { FixtureSearchProvider, SearchFixture } from '../../services/track-search/src/providers/fixture-search.provider';

export function syntheticTracks(count: number, firstId = 1): ChartTrack[] {
  return Array.from({ length: count }, (_, i) => ({
    position: i + 1,
    beatportId: firstId + i,
    title: `Track ${firstId + i}`,
    mixName: i % 3 === 0 ? 'Extended Mix' : 'Original Mix',
    artists: [`Artist ${(firstId + i) % 17}`],
    remixers: [],
    label: 'Test Label',
    genre: 'Techno (Peak Time / Driving)',
    bpm: 128,
    key: 'A Minor',
    lengthMs: 360_000,
    releaseDate: '2026-11-27',
    isrc: null,
  }));
}

export function syntheticChart(tracks: ChartTrack[], chartRef = `beatport:chart:${Math.floor(Math.random() * 1e9)}`, day = '2026-12-04'): ChartScraped {
  return createMessage('chart.scraped', {
    chartId: `${chartRef}:${day}`,
    chartRef,
    source: 'page',
    sourceUrl: 'https://www.beatport.com/top-100',
    chartName: `Synthetic chart ${chartRef}`,
    scrapedAt: `${day}T06:00:00.000Z`,
    tracks,
  });
}

export interface JobRow {
  id: string;
  chart_id: string;
  status: string;
  expected_count: number;
  processed_count: number;
  matched_count: number;
  not_found_count: number;
  failed_count: number;
}

export class Pipeline {
  readonly kafka: Kafka = testKafka();
  db!: TestDatabase;
  chartProcessors: INestApplication[] = [];
  trackSearches: { app: INestApplication; provider: FixtureSearchProvider }[] = [];
  producer!: Producer;
  completed!: TopicRecorder;
  matched!: TopicRecorder;
  requested!: TopicRecorder;
  trackDlq!: TopicRecorder;
  readonly trackSearchGroup = uniqueName('track-search');

  constructor(private readonly env: Record<string, string> = {}) {}

  async start(): Promise<this> {
    this.db = await createTestDatabase();
    this.producer = this.kafka.producer();
    await this.producer.connect();
    return this;
  }

  async startChartProcessor(env: Record<string, string> = {}): Promise<INestApplication> {
    const config = loadConfig(chartProcessorConfig.configSchema, serviceEnv(this.db.url, { ...this.env, ...env }));
    const app = await startService({
      serviceName: chartProcessorConfig.SERVICE_NAME,
      config,
      appModule: chartProcessor.AppModule.forRoot(config),
      consumes: true,
      host: '127.0.0.1',
    });
    this.chartProcessors.push(app);
    await this.startRecorders();
    return app;
  }

  async startTrackSearch(fixture: SearchFixture, env: Record<string, string> = {}): Promise<FixtureSearchProvider> {
    const config = loadConfig(
      trackSearchConfig.configSchema,
      serviceEnv(this.db.url, { KAFKA_GROUP_ID: this.trackSearchGroup, SEARCH_RATE_PER_SECOND: '1000', ...this.env, ...env }),
    );
    const provider = new FixtureSearchProvider(fixture);
    const app = await startService({
      serviceName: trackSearchConfig.SERVICE_NAME,
      config,
      appModule: trackSearch.AppModule.forRoot(config, provider),
      consumes: true,
      host: '127.0.0.1',
    });
    this.trackSearches.push({ app, provider });
    return provider;
  }

  /** Topics exist once a service started; recorders read them from the beginning. */
  private async startRecorders(): Promise<void> {
    if (this.completed) return;
    this.completed = await new TopicRecorder(this.kafka, topicName(Topics.jobCompleted)).start();
    this.matched = await new TopicRecorder(this.kafka, topicName(Topics.trackMatched)).start();
    this.requested = await new TopicRecorder(this.kafka, topicName(Topics.trackRequested)).start();
    this.trackDlq = await new TopicRecorder(this.kafka, `${topicName(Topics.trackRequested)}.dlq`).start();
  }

  async publish(topic: string, messages: { key: string | null; value: string | Buffer }[]): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages });
  }

  async publishChart(chart: ChartScraped): Promise<void> {
    await this.publish(topicName(Topics.chartScraped), [{ key: chart.payload.chartId, value: JSON.stringify(chart) }]);
  }

  async jobOf(chartId: string): Promise<JobRow | undefined> {
    const [row] = await this.db.dataSource.query(`SELECT * FROM jobs WHERE chart_id = $1`, [chartId]);
    return row;
  }

  async waitForJob(chartId: string, status = 'completed', timeoutMs = 60_000): Promise<JobRow> {
    return waitFor(`job of ${chartId} to be ${status}`, async () => {
      const job = await this.jobOf(chartId);
      return job?.status === status ? job : undefined;
    }, { timeoutMs, intervalMs: 100 });
  }

  completionsOf(jobId: string): JobCompleted[] {
    return this.completed.values<JobCompleted>().filter((m) => m.payload.jobId === jobId);
  }

  /** Waits for the job's job.completed, then a little longer so that a second one would show. */
  async settledCompletions(jobId: string, graceMs = 1_000): Promise<JobCompleted[]> {
    await waitFor(`job.completed of ${jobId}`, () => this.completionsOf(jobId).length > 0, { timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, graceMs));
    return this.completionsOf(jobId);
  }

  async stopTrackSearches(): Promise<void> {
    await Promise.all(this.trackSearches.map((t) => t.app.close()));
    this.trackSearches = [];
  }

  async stop(): Promise<void> {
    await Promise.all([this.completed, this.matched, this.requested, this.trackDlq].map((r) => r?.stop()));
    await this.stopTrackSearches();
    await Promise.all(this.chartProcessors.map((a) => a.close()));
    await this.producer?.disconnect();
    await this.db?.drop();
  }
}
