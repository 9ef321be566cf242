// The CronJob's command, run as Kubernetes runs it: `node dist/main.js scrape <chart>` in its
// own process, against the fake Beatport and the real Kafka. Runs the compiled service, so it
// needs a build first (`npm test` builds every project; alone:
// `bash scripts/with-node24.sh npx nx run @charts-vibe/scraper:build`).
import { ChartScraped, ensureTopics, Topics, topicName } from '@charts-vibe/shared';
import { testKafka, TopicRecorder } from '@charts-vibe/shared/testing';
import { FakeBeatport } from '@charts-vibe/fakes/beatport/fake-beatport';
import { Admin } from 'kafkajs';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '../dist/main.js');
const topic = topicName(Topics.chartScraped);
const kafka = testKafka();
let fake: FakeBeatport;
let admin: Admin;
let recorder: TopicRecorder;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: {
        PATH: process.env.PATH,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX,
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        BEATPORT_BASE_URL: fake.url,
        SCRAPER_PAGE_DELAY_MS: '0',
        LOG_LEVEL: 'info',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function publishedCount(): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
}

beforeAll(async () => {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: build the scraper first (npx nx run @charts-vibe/scraper:build)`);
  fake = new FakeBeatport().serveRecordedCharts();
  await fake.start();
  await ensureTopics(kafka, { partitions: 3, topics: [Topics.chartScraped] });
  admin = kafka.admin();
  await admin.connect();
  recorder = await new TopicRecorder(kafka, topic).start();
});

afterAll(async () => {
  await recorder?.stop();
  await admin?.disconnect();
  await fake?.stop();
});

describe('node dist/main.js scrape <chart>', () => {
  it('exits non-zero against a challenge page and publishes nothing', async () => {
    fake.script('/top-100', { challenge: 'cloudflare', status: 403 });
    const before = await publishedCount();

    const run = await runCli(['scrape', 'top-100']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/"reason":"blocked"/);
    expect(await publishedCount()).toBe(before);
  });

  it('scrapes top-100, publishes one chart.scraped and exits 0', async () => {
    const before = await publishedCount();
    const run = await runCli(['scrape', 'top-100']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/"msg":"published beatport:top-100:\d{4}-\d{2}-\d{2}"/);
    // Kafka acknowledged before the process exited: the message is on the broker now.
    expect(await publishedCount()).toBe(before + 1);
    await recorder.waitForCount(1);
    const [message] = recorder.values<ChartScraped>();
    expect(message.type).toBe('chart.scraped');
    expect(message.payload).toMatchObject({
      chartRef: 'beatport:top-100',
      source: 'page',
      sourceUrl: `${fake.url}/top-100`,
    });
    expect(message.payload.tracks).toHaveLength(100);
  });

  it('exits 2 with the reason for a chart that is not a Beatport chart, without fetching it', async () => {
    const asked = fake.requests.length;
    const run = await runCli(['scrape', 'http://169.254.169.254/latest/meta-data/']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/only https:\/\/www\.beatport\.com chart URLs are accepted/);
    expect(fake.requests.length).toBe(asked);
  });
});
