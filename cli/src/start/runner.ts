// The local runner behind `npm start`: real PostgreSQL and Kafka, the migrations, the four
// services from their compiled dist/main.js, the fakes when offline; then one chart through
// the pipeline, shown as it happens, and everything it started stopped again.
import { createKafka } from '@charts-vibe/shared';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ApiError, chartDetailSchema, JobDetail, scrapeResultSchema, ServiceClient } from '../api';
import { println } from '../command';
import { CliError, CliIo } from '../io';
import { followJob, waitForJobOfChart, waitForPlaylist } from '../report/follow-job';
import { jobSummaryLine, playlistDestination, playlistTable } from '../report/playlist-report';
import { repoRoot } from '../repo-root';
import { probeOutside } from './connectivity';
import { infraDown, infraUp, InfraVars } from './infra';
import { portFor } from './ports';
import { Env, ManagedProcess, runToCompletion, waitUntilReady } from './processes';

export const SERVICES = ['scraper', 'chart-processor', 'track-search', 'playlist'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Where each service listens when the port is free: the CLI's defaults (cli/src/config.ts). */
const PREFERRED_PORTS: Record<ServiceName, number> = { scraper: 3001, 'chart-processor': 3002, 'track-search': 3003, playlist: 3004 };

export interface RunOptions {
  chart: string;
  /** true: the fakes; false: the real sites; 'auto': the fakes when the real ones cannot be reached. */
  offline: boolean | 'auto';
  keepRunning: boolean;
  /** Use this Kafka and PostgreSQL instead of starting the local ones (tests); nothing is reset. */
  infra?: InfraVars;
  /** Topic prefix; default: the environment's, or a fresh `offline-<id>.` offline (deleted at the end). */
  topicPrefix?: string;
  /** Where the playlist files go (default `<repo>/playlists`, `<repo>/playlists/offline` offline). */
  outputDir?: string;
  /** Logs and scratch files (default `<repo>/.cache/run`). */
  workDir?: string;
  /** Try the usual ports 3001-3004 first (default true). */
  preferredPorts?: boolean;
}

export interface RunResult {
  offline: boolean;
  chartId: string;
  job: JobDetail;
  /** Where the services listened. */
  urls: Partial<Record<ServiceName, string>>;
  /** Where the fakes listened (offline). */
  fakes: FakeUrls | null;
}

export interface FakeUrls {
  beatport: string;
  ytmusic: string;
  youtube: { rootUrl: string; tokenUrl: string };
}

/** Everything started, in the order it is stopped. */
class Cleanup {
  private readonly steps: { what: string; run: () => Promise<void> }[] = [];

  add(what: string, run: () => Promise<void>): void {
    this.steps.unshift({ what, run });
  }

  async run(io: CliIo): Promise<void> {
    for (const step of this.steps.splice(0)) {
      try {
        await step.run();
      } catch (error) {
        println(io.stderr, `charts-vibe: could not stop ${step.what}: ${(error as Error).message}`);
      }
    }
  }
}

async function decideOffline(options: RunOptions, io: CliIo): Promise<boolean> {
  if (options.offline !== 'auto') return options.offline;
  const probes = await probeOutside();
  const unreachable = probes.filter((probe) => !probe.reachable);
  if (unreachable.length === 0) return false;
  println(
    io.stdout,
    `charts-vibe: cannot reach ${unreachable.map((p) => `${p.host} (${p.problem})`).join(', ')} — running OFFLINE against the local fakes ` +
      '(recorded Beatport chart, fake YouTube Music; the playlist goes to a file). Pass --offline to skip this check.',
  );
  return true;
}

/** Offline runs get their own database, emptied each run: fake matches never reach a real run's cache. */
async function resetOfflineDatabase(baseUrl: string): Promise<string> {
  const url = new URL(baseUrl);
  const name = `${url.pathname.slice(1) || 'charts_vibe'}_offline`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

async function deleteRunTopics(brokers: string, prefix: string, groups: string[]): Promise<void> {
  const admin = createKafka(brokers.split(','), 'charts-vibe-start').admin();
  await admin.connect();
  try {
    await admin.deleteGroups(groups).catch(() => undefined);
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

function environmentOf(
  service: ServiceName,
  base: Env,
  settings: { infra: InfraVars; databaseUrl: string; prefix: string; port: number; groupPrefix?: string; outputDir: string },
  fakes: FakeUrls | null,
): Env {
  const env: Env = {
    ...base,
    KAFKA_BROKERS: settings.infra.KAFKA_BROKERS,
    DATABASE_URL: settings.databaseUrl,
    KAFKA_TOPIC_PREFIX: settings.prefix,
    HTTP_PORT: String(settings.port),
    LOG_LEVEL: base.LOG_LEVEL ?? 'info',
    DATABASE_POOL_SIZE: base.DATABASE_POOL_SIZE ?? '5',
    MIGRATE_ON_START: 'false',
    ...(settings.groupPrefix ? { KAFKA_GROUP_ID: `${settings.groupPrefix}${service}` } : {}),
  };
  switch (service) {
    case 'scraper':
      if (fakes) {
        Object.assign(env, {
          BEATPORT_BASE_URL: fakes.beatport,
          BEATPORT_API_BASE_URL: fakes.beatport,
          BEATPORT_API_TOKEN: 'fake-beatport-api-token', // the token the fake accepts (FAKE_BEATPORT_TOKEN)
          SCRAPER_PAGE_DELAY_MS: '0',
          SCRAPER_RETRY_INITIAL_MS: '100',
        });
      }
      break;
    case 'track-search':
      // Offline, the real matcher searches the fake YouTube Music (ytmusic-api, real HTTP).
      if (fakes) Object.assign(env, { SEARCH_PROVIDER: 'ytmusic', YTMUSIC_BASE_URL: fakes.ytmusic, YTMUSIC_COOKIES: undefined, SEARCH_RATE_PER_SECOND: '25' });
      break;
    case 'playlist':
      env.PLAYLIST_OUTPUT_DIR = settings.outputDir;
      // Offline the playlist goes to a file: real credentials must not meet the fakes (or Google).
      if (fakes) Object.assign(env, { YOUTUBE_CLIENT_ID: undefined, YOUTUBE_CLIENT_SECRET: undefined, YOUTUBE_REFRESH_TOKEN: undefined });
      break;
    case 'chart-processor':
      break;
  }
  return env;
}

export async function runLocalPipeline(options: RunOptions, io: CliIo): Promise<RunResult> {
  const root = repoRoot();
  const cleanup = new Cleanup();
  const started = Date.now();
  const say = (text: string) => println(io.stdout, text);
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const urls: Partial<Record<ServiceName, string>> = {};
  try {
    const offline = await decideOffline(options, io);
    const workDir = options.workDir ?? join(root, '.cache/run');
    const outputDir = options.outputDir ?? join(root, offline ? 'playlists/offline' : 'playlists');
    mkdirSync(workDir, { recursive: true });
    mkdirSync(outputDir, { recursive: true });

    // 1. Kafka and PostgreSQL.
    let infra = options.infra;
    if (!infra) {
      say('starting PostgreSQL and Kafka (scripts/infra)…');
      const up = await infraUp(io.env);
      infra = up.vars;
      if (up.started) cleanup.add('PostgreSQL and Kafka', () => infraDown(io.env));
      say(`  ${up.started ? 'started' : 'already running'}: PostgreSQL ${new URL(infra.DATABASE_URL).host}, Kafka ${infra.KAFKA_BROKERS} (${elapsed()})`);
    }
    const databaseUrl = offline && !options.infra ? await resetOfflineDatabase(infra.DATABASE_URL) : infra.DATABASE_URL;

    // 2. Migrations, as the migration Job runs them.
    await runToCompletion(
      'migrations',
      join(root, 'libs/shared/dist/database/migrate.cli.js'),
      [],
      { ...io.env, DATABASE_URL: databaseUrl },
      join(workDir, 'migrate.log'),
    );
    say(`database ${new URL(databaseUrl).pathname.slice(1)} migrated (${elapsed()})`);

    // 3. Topics: an offline run gets its own, removed afterwards.
    const ownPrefix = options.topicPrefix === undefined && offline;
    const prefix = options.topicPrefix ?? (ownPrefix ? `offline-${randomBytes(4).toString('hex')}.` : (io.env.KAFKA_TOPIC_PREFIX ?? ''));
    if (ownPrefix) {
      const groups = SERVICES.map((service) => `${prefix}${service}-server`);
      cleanup.add(`the run's topics (${prefix}*)`, () => deleteRunTopics(infra.KAFKA_BROKERS, prefix, groups));
    }

    // 4. The fakes of Beatport, YouTube Music and the YouTube Data API.
    let fakes: FakeUrls | null = null;
    if (offline) {
      const fakesProcess = ManagedProcess.start(
        'fakes',
        join(root, 'libs/fakes/dist/serve.js'),
        ['--beatport-port', '0', '--ytmusic-port', '0', '--youtube-port', '0'],
        io.env,
        join(workDir, 'fakes.log'),
        true,
      );
      cleanup.add('the fakes', () => fakesProcess.stop());
      fakes = JSON.parse(await fakesProcess.firstLine(30_000)) as FakeUrls;
      say(`fakes: Beatport ${fakes.beatport}, YouTube Music ${fakes.ytmusic}, YouTube Data API ${fakes.youtube.rootUrl}`);
    }

    // 5. The four services, each from its compiled main.js.
    const processes = new Map<ServiceName, ManagedProcess>();
    // Stopped together: each leaves its consumer group and closes its connections on SIGTERM.
    cleanup.add('the services', async () => {
      await Promise.all([...processes.values()].map((managed) => managed.stop()));
    });
    for (const service of SERVICES) {
      const port = await portFor(options.preferredPorts === false ? undefined : PREFERRED_PORTS[service]);
      const env = environmentOf(
        service,
        io.env,
        { infra, databaseUrl, prefix, port, groupPrefix: ownPrefix ? prefix : undefined, outputDir },
        fakes,
      );
      processes.set(service, ManagedProcess.start(service, join(root, `services/${service}/dist/main.js`), [], env, join(workDir, `${service}.log`)));
      urls[service] = `http://127.0.0.1:${port}`;
    }
    say(`starting ${SERVICES.join(', ')} (logs in ${workDir})…`);
    await Promise.all(SERVICES.map((service) => waitUntilReady(processes.get(service)!, `${urls[service]}/health/ready`, 120_000, io.signal)));
    say(`services ready: ${SERVICES.map((s) => `${s} ${urls[s]}`).join(', ')} (${elapsed()})`);

    // 6. One chart through the pipeline.
    const token = io.env.API_TOKEN;
    const scraper = new ServiceClient('scraper', urls.scraper!, 'SCRAPER_URL', token);
    const chartProcessor = new ServiceClient('chart-processor', urls['chart-processor']!, 'CHART_PROCESSOR_URL', token);
    say(`scraping ${options.chart}${offline ? ' from the fake Beatport' : ''}…`);
    const scraped = await scraper.post('/scrape', { chart: options.chart }, scrapeResultSchema, 180_000).catch((error: unknown) => {
      // Beatport answering with a challenge page is common; the recorded chart is one flag away.
      if (error instanceof ApiError && error.status === 502 && !offline) {
        throw new CliError(`${error.message}\nBeatport would not serve the chart; \`npm start -- --offline\` runs the pipeline on a recorded one.`);
      }
      throw error;
    });
    say(`  ${scraped.chartName}: ${scraped.trackCount} tracks (${scraped.source}), chart ${scraped.chartId}`);
    const jobId = await waitForJobOfChart(chartProcessor, scraped.chartId, { signal: io.signal });
    say(`job ${jobId}: searching YouTube Music${offline ? ' (the fake)' : ''} for ${scraped.trackCount} tracks…`);
    const job = await followJob(chartProcessor, jobId, io.stdout, { signal: io.signal });
    say(jobSummaryLine(job));
    say('waiting for the playlist service…');
    const finished = await waitForPlaylist(chartProcessor, jobId, { signal: io.signal });
    const chart = await chartProcessor.get(`/charts/${encodeURIComponent(scraped.chartId)}`, chartDetailSchema);
    say('');
    say(playlistTable(chart, finished, io.stdout.columns));
    say('');
    say(playlistDestination(finished));
    say(`done in ${elapsed()}`);

    if (options.keepRunning) {
      say('\nkept running (Ctrl-C stops everything). For the CLI in another terminal:');
      say(`  export CHART_PROCESSOR_URL=${urls['chart-processor']} SCRAPER_URL=${urls.scraper} KAFKA_BROKERS=${infra.KAFKA_BROKERS}${prefix ? ` KAFKA_TOPIC_PREFIX=${prefix}` : ''}`);
      say('  npx charts-vibe jobs');
      await new Promise<void>((resolve) => {
        if (!io.signal) return;
        if (io.signal.aborted) return resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    if (job.status !== 'completed' || finished.playlist?.status !== 'done') {
      throw new CliError(`the run did not finish cleanly: job ${job.status}, playlist ${finished.playlist?.status ?? 'none'}`);
    }
    return { offline, chartId: scraped.chartId, job: finished, urls, fakes };
  } finally {
    say('stopping what this run started…');
    await cleanup.run(io);
    say(`stopped (${elapsed()})`);
  }
}
