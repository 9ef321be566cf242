// The operator CLI against a running stack: the four services in-process (real Kafka and
// PostgreSQL, the fake Beatport, recorded search decisions, playlists written to files) and
// a consumer of job.completed that fails on purpose, so its message lands in the DLQ, where
// `dlq list` finds it and `dlq replay` puts it back.
import 'reflect-metadata';
import { Controller, DynamicModule, INestApplication, Module } from '@nestjs/common';
import { Ctx, KafkaContext, Payload } from '@nestjs/microservices';
import {
  baseConfigSchema,
  BaseConfig,
  ConsumeTopic,
  CoreModule,
  JobCompleted,
  jobCompletedSchema,
  KafkaMessageHandler,
  loadConfig,
  startService,
  Topics,
} from '@charts-vibe/shared';
import { appUrl, serviceEnv, waitFor } from '@charts-vibe/shared/testing';
import { FakeBeatport } from '@charts-vibe/fakes/beatport/fake-beatport';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/src/cli';
import { CliIo } from '../../cli/src/io';
import * as playlist from '../../services/playlist/src/app.module';
import * as playlistConfig from '../../services/playlist/src/config';
import * as scraper from '../../services/scraper/src/app.module';
import * as scraperConfig from '../../services/scraper/src/config';
import { Pipeline, syntheticChart, syntheticTracks } from '../orchestrator/harness';

/** A consumer of job.completed that fails while `failing` is set (a downstream outage). */
const flaky = { failing: true, attempts: 0, processed: [] as string[] };

@Controller()
class FlakyJobCompletedConsumer {
  constructor(private readonly handler: KafkaMessageHandler) {}

  @ConsumeTopic(Topics.jobCompleted)
  onJobCompleted(@Payload() payload: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.handler.handle(payload, context, {
      schema: jobCompletedSchema,
      process: async (message: JobCompleted) => {
        flaky.attempts += 1;
        if (flaky.failing) throw new Error('the downstream service is down');
        flaky.processed.push(message.payload.jobId);
      },
    });
  }
}

@Module({})
class FlakyModule {
  static forRoot(config: BaseConfig): DynamicModule {
    return {
      module: FlakyModule,
      imports: [CoreModule.forRoot({ serviceName: 'flaky-consumer', config })],
      controllers: [FlakyJobCompletedConsumer],
    };
  }
}

function cliRun(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, env };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('the charts-vibe CLI against a running pipeline', () => {
  const pipeline = new Pipeline();
  const beatport = new FakeBeatport().serveRecordedCharts();
  const playlistDir = mkdtempSync(join(tmpdir(), 'charts-vibe-cli-'));
  const apps: INestApplication[] = [];
  let flakyApp: INestApplication;
  let env: NodeJS.ProcessEnv;
  let jobId: string;
  const chart = syntheticChart(syntheticTracks(6, 7_100));

  beforeAll(async () => {
    await pipeline.start();
    const chartProcessor = await pipeline.startChartProcessor();
    await pipeline.startTrackSearch({ fallback: 'matched', tracks: { 'beatport:7102': { outcome: 'not_found' } } });
    const config = loadConfig(baseConfigSchema, serviceEnv(pipeline.db.url, { CONSUMER_MAX_ATTEMPTS: '2' }));
    flakyApp = await startService({ serviceName: 'flaky-consumer', config, appModule: FlakyModule.forRoot(config), consumes: true, host: '127.0.0.1' });
    await beatport.start();
    const scraperSettings = loadConfig(scraperConfig.configSchema, serviceEnv(pipeline.db.url, { BEATPORT_BASE_URL: beatport.url, SCRAPER_PAGE_DELAY_MS: '0' }));
    apps.push(await startService({ serviceName: 'scraper', config: scraperSettings, appModule: scraper.AppModule.forRoot(scraperSettings), consumes: false, host: '127.0.0.1' }));
    const playlistSettings = loadConfig(playlistConfig.configSchema, serviceEnv(pipeline.db.url, { PLAYLIST_OUTPUT_DIR: playlistDir }));
    apps.push(await startService({ serviceName: 'playlist', config: playlistSettings, appModule: playlist.AppModule.forRoot(playlistSettings), consumes: true, host: '127.0.0.1' }));
    env = {
      SCRAPER_URL: await appUrl(apps[0]),
      CHART_PROCESSOR_URL: await appUrl(chartProcessor),
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX,
    };
    await pipeline.publishChart(chart);
    jobId = (await pipeline.waitForJob(chart.payload.chartId)).id;
  });

  afterAll(async () => {
    await Promise.all([flakyApp, ...apps].map((app) => app?.close()));
    await pipeline.stop();
    await beatport.stop();
    rmSync(playlistDir, { recursive: true, force: true });
  });

  it('scrape <chart> --wait sends a chart down the pipeline and shows its progress and playlist', async () => {
    const run = cliRun(env);
    expect(await runCli(['scrape', 'genre:psy-trance', '--wait'], run.io)).toBe(0);
    const output = run.stdout();
    expect(output).toMatch(/^scraped Beatport Psy-Trance Top 100: 100 tracks from the page \(http:\/\/127\.0\.0\.1:\d+\/genre\/psy-trance\/13\/top-100\); chart beatport:genre:13:\d{4}-\d\d-\d\d\n/);
    expect(output).toMatch(/\n100\/100 +matched 100 +not found 0 +failed 0 /);
    expect(output).toContain('100 searched — 100 matched, 0 not found, 0 failed');
    const files = output.match(/playlist written to (\S+\.json) and (\S+\.m3u)/);
    expect(files?.slice(1).map((file) => file.startsWith(playlistDir) && existsSync(file))).toEqual([true, true]);
  });

  it('scrape fails with the reason the scraper gives, exit 1', async () => {
    const run = cliRun(env);
    expect(await runCli(['scrape', 'genre:no-such-genre'], run.io)).toBe(1);
    expect(run.stderr()).toContain('scraper: POST /scrape answered 400: unknown genre "no-such-genre"');
  });

  it('charts lists the charts received with their jobs', async () => {
    const run = cliRun(env);
    expect(await runCli(['charts'], run.io)).toBe(0);
    const row = run.stdout().split('\n').find((line) => line.startsWith(chart.payload.chartId));
    expect(row).toContain(`6  page    `);
    expect(row).toContain(`${jobId}  completed`);
  });

  it('jobs lists the job with its progress and counts', async () => {
    const run = cliRun(env);
    expect(await runCli(['jobs'], run.io)).toBe(0);
    const row = run.stdout().split('\n').find((line) => line.startsWith(jobId));
    expect(row).toBeDefined();
    expect(row!.split(/\s{2,}/).slice(1, 7)).toEqual([chart.payload.chartId, 'completed', '6/6', '5', '1', '0']);
  });

  it('jobs --json gives the same job to a script', async () => {
    const run = cliRun(env);
    expect(await runCli(['jobs', '--status', 'completed', '--json'], run.io)).toBe(0);
    const jobs = JSON.parse(run.stdout()) as { id: string; counts: Record<string, number> }[];
    expect(jobs.find((job) => job.id === jobId)?.counts).toEqual({ expected: 6, matched: 5, notFound: 1, failed: 0 });
  });

  it('jobs --watch redraws until it is stopped', async () => {
    const run = cliRun(env);
    const stop = new AbortController();
    const watching = runCli(['jobs', '--watch', '--interval', '1'], { ...run.io, signal: stop.signal });
    await waitFor('two refreshes', () => run.stdout().split('jobs at ').length > 2, { timeoutMs: 10_000 });
    stop.abort();
    expect(await watching).toBe(0);
    expect(run.stdout()).toContain(jobId);
  });

  it('job <id> shows the counts and the track that was not matched, and why', async () => {
    const run = cliRun(env);
    expect(await runCli(['job', jobId], run.io)).toBe(0);
    expect(run.stdout()).toContain(`job ${jobId} completed`);
    expect(run.stdout()).toContain('6 searched — 5 matched, 1 not found, 0 failed');
    const unmatched = run.stdout().split('\n').find((line) => line.includes('Track 7102'));
    expect(unmatched).toMatch(/^ *3 +Artist \d+ — Track 7102 \(Original Mix\) +not_found +no acceptable candidate/);
  });

  it('job <id> --tracks lists the chart in order with each video', async () => {
    const run = cliRun(env);
    expect(await runCli(['job', jobId, '--tracks'], run.io)).toBe(0);
    const rows = run.stdout().split('\n').filter((line) => / Track 71\d\d /.test(`${line} `));
    expect(rows.map((row) => row.trim().split(/\s+/)[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(rows[0]).toMatch(/v_7100 +0\.\d\d$/);
    expect(rows[2]).toContain('not found: no acceptable candidate');
  });

  it('job with an id chart-processor does not know fails with its answer and exit 1', async () => {
    const run = cliRun(env);
    const unknown = randomUUID();
    expect(await runCli(['job', unknown], run.io)).toBe(1);
    expect(run.stderr()).toContain(`answered 404: no job ${unknown}`);
  });

  it('dlq list shows what a failing handler dead-lettered; dlq replay puts it back and it is processed', async () => {
    // The flaky consumer failed both attempts on the job's job.completed and dead-lettered it.
    await waitFor('the job.completed in the DLQ', async () => {
      const attempt = cliRun(env);
      return (await runCli(['dlq', 'list', 'job.completed', '--json'], attempt.io)) === 0 && attempt.stdout().includes(jobId);
    }, { timeoutMs: 30_000, intervalMs: 1_000 });
    const list = cliRun(env);
    expect(await runCli(['dlq', 'list', 'job.completed'], list.io)).toBe(0);
    const [completed] = pipeline.completionsOf(jobId);
    const row = list.stdout().split('\n').find((line) => line.includes(completed.id));
    expect(row).toMatch(/exhausted +flaky-consumer +2 +.* the downstream service is down$/);
    expect(flaky.processed).toEqual([]);

    flaky.failing = false;
    const replay = cliRun(env);
    expect(await runCli(['dlq', 'replay', 'job.completed', '--id', completed.id], replay.io)).toBe(0);
    expect(replay.stdout()).toBe(`replayed 1 message(s) from ${process.env.KAFKA_TOPIC_PREFIX}job.completed.dlq to ${process.env.KAFKA_TOPIC_PREFIX}job.completed\n`);
    await waitFor('the replayed job.completed to be processed', () => flaky.processed.includes(jobId), { timeoutMs: 30_000 });
    expect(flaky.processed).toEqual([jobId]);
  });

  it('dlq replay --dry-run publishes nothing', async () => {
    const attemptsBefore = flaky.attempts;
    const run = cliRun(env);
    expect(await runCli(['dlq', 'replay', 'job.completed', '--dry-run'], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/^would replay [1-9]\d* message\(s\) from /);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(flaky.attempts).toBe(attemptsBefore);
  });
});
