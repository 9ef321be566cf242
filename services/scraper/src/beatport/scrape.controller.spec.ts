// The scraper service's HTTP API, started as it runs in production (real Kafka, PostgreSQL)
// and pointed at the fake Beatport: POST /scrape answers 202 once the chart is published.
import { INestApplication } from '@nestjs/common';
import { ChartScraped, loadConfig, startService, Topics, topicName } from '@charts-vibe/shared';
import { appUrl, createTestDatabase, serviceEnv, TestDatabase, testKafka, TopicRecorder } from '@charts-vibe/shared/testing';
import { FakeBeatport } from '@charts-vibe/fakes/beatport/fake-beatport';
import { Admin } from 'kafkajs';
import { AppModule } from '../app.module';
import { configSchema, SERVICE_NAME } from '../config';

const API_TOKEN = 'scraper-test-token-0123456789';
const kafka = testKafka();
let db: TestDatabase;
let app: INestApplication;
let base: string;
let fake: FakeBeatport;
let admin: Admin;
let recorder: TopicRecorder;

async function publishedCount(): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topicName(Topics.chartScraped));
  return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
}

function postScrape(body: unknown, token: string | null = API_TOKEN): Promise<Response> {
  return fetch(`${base}/scrape`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  fake = new FakeBeatport().serveRecordedCharts();
  await fake.start();
  db = await createTestDatabase();
  const config = loadConfig(
    configSchema,
    serviceEnv(db.url, {
      API_TOKEN,
      BEATPORT_BASE_URL: fake.url,
      BEATPORT_API_BASE_URL: fake.url,
      SCRAPER_PAGE_DELAY_MS: '0',
    }),
  );
  app = await startService({
    serviceName: SERVICE_NAME,
    config,
    appModule: AppModule.forRoot(config),
    consumes: false,
    host: '127.0.0.1',
  });
  base = await appUrl(app);
  admin = kafka.admin();
  await admin.connect();
  recorder = await new TopicRecorder(kafka, topicName(Topics.chartScraped)).start();
});

afterAll(async () => {
  await recorder?.stop();
  await admin?.disconnect();
  await app?.close();
  await db?.drop();
  await fake?.stop();
});

describe('POST /scrape', () => {
  it('refuses a request without the bearer token (401), and fetches and publishes nothing', async () => {
    const before = await publishedCount();
    const asked = fake.requests.length;
    const response = await postScrape({ chart: 'top-100' }, null);
    expect(response.status).toBe(401);
    expect((await postScrape({ chart: 'top-100' }, 'wrong-token-wrong-token')).status).toBe(401);
    expect(fake.requests.length).toBe(asked);
    expect(await publishedCount()).toBe(before);
  });

  it('with the token, publishes the chart and answers 202 with its chartId', async () => {
    const response = await postScrape({ chart: 'https://www.beatport.com/genre/psy-trance/13/top-100' });
    const body = (await response.json()) as { chartId: string };
    const today = new Date().toISOString().slice(0, 10);

    expect(response.status).toBe(202);
    expect(body).toMatchObject({
      chartId: `beatport:genre:13:${today}`,
      chartRef: 'beatport:genre:13',
      source: 'page',
      trackCount: 100,
    });
    await recorder.waitForCount(1);
    const [message] = recorder.values<ChartScraped>();
    expect(recorder.messages[0].key?.toString()).toBe(body.chartId);
    expect(message.payload).toMatchObject({ chartId: body.chartId, chartName: 'Beatport Psy-Trance Top 100' });
    expect(message.payload.tracks).toHaveLength(100);
  });

  it.each([
    ['a URL on another host naming beatport.com in its path', 'https://evil.com/beatport.com'],
    ['a loopback address', 'http://127.0.0.1'],
    ['a local file', 'file:///etc/passwd'],
    ['the cloud metadata endpoint', 'http://169.254.169.254/latest/meta-data/'],
    ['Beatport over plain http', 'http://www.beatport.com/top-100'],
    ['a host that only starts like Beatport', 'https://www.beatport.com.evil.com/top-100'],
    ['credentials smuggling another host', 'https://www.beatport.com@evil.com/top-100'],
    ['a Beatport page that is not a chart', 'https://www.beatport.com/track/mushroom-song/20824626'],
    ['an unknown chart name', 'top-1000'],
    ['an unknown genre', 'genre:polka'],
    ['an empty chart', '   '],
    ['a chart that is not a string', 42],
  ])('answers 400 with the reason for %s, without fetching anything', async (_, chart) => {
    const asked = fake.requests.length;
    const response = await postScrape({ chart });
    const body = (await response.json()) as { message: string };
    expect(response.status).toBe(400);
    expect(body.message).toEqual(expect.any(String));
    expect(body.message.length).toBeGreaterThan(10);
    expect(fake.requests.length).toBe(asked);
  });

  it('answers 502 with reason "blocked" when Beatport serves a challenge, and publishes nothing', async () => {
    fake.script('/top-100', { challenge: 'cloudflare', status: 403 });
    const before = await publishedCount();
    const response = await postScrape({ chart: 'top-100' });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      reason: 'blocked',
      message: expect.stringMatching(/challenge page/),
    });
    expect(await publishedCount()).toBe(before);
  });

  it('counts each scrape by chart, outcome and reason in charts_vibe_scrapes_total on /metrics', async () => {
    fake.script('/genre/psy-trance/13/hype-100', { challenge: 'human-test', status: 200 });
    expect((await postScrape({ chart: 'genre-hype:psy-trance' })).status).toBe(502);
    expect((await postScrape({ chart: 'hype-100' })).status).toBe(202);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^charts_vibe_scrapes_total\{chart="beatport:hype-100",outcome="ok",reason="none"\} 1$/m);
    expect(metrics).toMatch(
      /^charts_vibe_scrapes_total\{chart="beatport:genre-hype:13",outcome="error",reason="blocked"\} 1$/m,
    );
    expect(metrics).toMatch(/^charts_vibe_scrape_duration_seconds_count\{chart="beatport:hype-100",outcome="ok"\} 1$/m);
  });
});

describe('GET /charts/known', () => {
  it('lists the named charts with their refs and beatport.com URLs', async () => {
    const response = await fetch(`${base}/charts/known`);
    const body = (await response.json()) as { charts: unknown[]; forms: string[] };
    expect(response.status).toBe(200);
    expect(body.charts).toEqual(
      expect.arrayContaining([
        {
          chart: 'top-100',
          chartRef: 'beatport:top-100',
          name: 'Beatport Top 100',
          url: 'https://www.beatport.com/top-100',
          sources: ['page', 'api'],
        },
        {
          chart: 'genre-hype:psy-trance',
          chartRef: 'beatport:genre-hype:13',
          name: 'Beatport Psy-Trance Hype 100',
          url: 'https://www.beatport.com/genre/psy-trance/13/hype-100',
          sources: ['page'],
        },
      ]),
    );
    expect(body.forms).toContain('https://www.beatport.com/chart/<slug>/<id>');
  });
});
