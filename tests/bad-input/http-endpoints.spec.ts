// Bad input at every HTTP endpoint: malformed JSON, oversized bodies, wrong types, unknown
// charts, SQL-looking strings, non-Beatport and private-network URLs. Each is a 4xx with a
// reason, and nothing starts: the fake Beatport is not asked for anything, nothing is
// published on chart.scraped, and chart-processor (listening) creates no chart and no job.
// The last case, a valid request, shows that these checks would see a scrape if one started.
import { INestApplication } from '@nestjs/common';
import { loadConfig, startService, topicName, Topics } from '@charts-vibe/shared';
import { appUrl, createTestDatabase, serviceEnv, TestDatabase, testKafka, waitFor } from '@charts-vibe/shared/testing';
import { FakeBeatport } from '@charts-vibe/fakes/beatport/fake-beatport';
import { Admin } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import * as chartProcessor from '../../services/chart-processor/src/app.module';
import * as chartProcessorConfig from '../../services/chart-processor/src/config';
import * as scraper from '../../services/scraper/src/app.module';
import * as scraperConfig from '../../services/scraper/src/config';

const API_TOKEN = 'bad-input-test-token-0123456789';
const kafka = testKafka();
let db: TestDatabase;
let apps: INestApplication[] = [];
let scraperUrl: string;
let processorUrl: string;
let beatport: FakeBeatport;
let admin: Admin;

beforeAll(async () => {
  beatport = new FakeBeatport().serveRecordedCharts();
  await beatport.start();
  db = await createTestDatabase();
  const scraperCfg = loadConfig(
    scraperConfig.configSchema,
    serviceEnv(db.url, { API_TOKEN, BEATPORT_BASE_URL: beatport.url, BEATPORT_API_BASE_URL: beatport.url, SCRAPER_PAGE_DELAY_MS: '0' }),
  );
  const processorCfg = loadConfig(chartProcessorConfig.configSchema, serviceEnv(db.url, { API_TOKEN }));
  apps = [
    await startService({ serviceName: 'scraper', config: scraperCfg, appModule: scraper.AppModule.forRoot(scraperCfg), consumes: false, host: '127.0.0.1' }),
    await startService({ serviceName: 'chart-processor', config: processorCfg, appModule: chartProcessor.AppModule.forRoot(processorCfg), consumes: true, host: '127.0.0.1' }),
  ];
  [scraperUrl, processorUrl] = await Promise.all(apps.map(appUrl));
  admin = kafka.admin();
  await admin.connect();
}, 90_000);

afterAll(async () => {
  await admin?.disconnect();
  for (const app of apps) await app.close();
  await db?.drop();
  await beatport?.stop();
}, 60_000);

async function publishedCharts(): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topicName(Topics.chartScraped));
  return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
}

async function rowCount(table: 'charts' | 'jobs'): Promise<number> {
  const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

/** What a request must not have started: a fetch from Beatport, a chart.scraped, a chart or a job. */
async function nothingStarted(): Promise<{ beatportRequests: number; published: number; charts: number; jobs: number }> {
  return { beatportRequests: beatport.requests.length, published: await publishedCharts(), charts: await rowCount('charts'), jobs: await rowCount('jobs') };
}

function postScrape(body: string | Buffer, contentType = 'application/json'): Promise<Response> {
  return fetch(`${scraperUrl}/scrape`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${API_TOKEN}` },
    body,
  });
}

async function expectRefused(response: Response, status: number, reason?: RegExp): Promise<void> {
  const body = (await response.json()) as { statusCode?: number; message?: unknown };
  expect({ status: response.status, statusCode: body.statusCode }).toEqual({ status, statusCode: status });
  const message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? '');
  expect(message.length).toBeGreaterThan(5);
  if (reason) expect(message).toMatch(reason);
}

describe('POST /scrape refuses, with a reason and without starting anything,', () => {
  let before: Awaited<ReturnType<typeof nothingStarted>>;
  beforeAll(async () => {
    before = await nothingStarted();
  });
  afterAll(async () => {
    expect(await nothingStarted()).toEqual(before);
  });

  it.each([
    ['malformed JSON', '{"chart": '],
    ['an empty body', ''],
    ['a JSON null', 'null'],
    ['a JSON array', '["top-100"]'],
    ['a chart given as an array', '{"chart": ["top-100"]}'],
    ['a chart given as an object (query-operator injection)', '{"chart": {"$ne": null}}'],
    ['a chart given as null', '{"chart": null}'],
    ['a chart given as a number', '{"chart": 100}'],
    ['a chart given as a boolean', '{"chart": true}'],
    ['a chart only on the prototype', '{"__proto__": {"chart": "top-100"}}'],
    ['a chart name longer than 500 characters', JSON.stringify({ chart: `genre:${'a'.repeat(600)}` })],
  ])('%s (400)', async (_, body) => {
    await expectRefused(await postScrape(body), 400);
  });

  it('a body that is not JSON (text/plain) (400)', async () => {
    await expectRefused(await postScrape('top-100', 'text/plain'), 400, /expected object/);
  });

  it('a 2 MB body (413)', async () => {
    await expectRefused(await postScrape(JSON.stringify({ chart: 'top-100', padding: 'x'.repeat(2_000_000) })), 413);
  });

  it.each([
    ["a chart name with a SQL comment", "top-100'; DROP TABLE jobs; --"],
    ['a tautology', "' OR '1'='1"],
    ['a genre id with SQL', 'genre:6 OR 1=1'],
    ['a Beatport URL with SQL in its path', "https://www.beatport.com/top-100'--"],
    ['an unknown chart', 'top-1000'],
    ['an unknown genre', 'genre:polka'],
    ['a look-alike hyphen', 'top\u2010100'],
    ['a NUL byte', 'top-100\u0000'],
  ])('%s (400)', async (_, chart) => {
    await expectRefused(await postScrape(JSON.stringify({ chart })), 400);
    // The tables the SQL names are still there.
    expect(await rowCount('jobs')).toBe(before.jobs);
  });

  it.each([
    ['the loopback address', 'http://127.0.0.1'],
    ['the fake Beatport itself, by its local address', 'FAKE/top-100'],
    ['localhost', 'http://localhost/top-100'],
    ['IPv6 loopback', 'http://[::1]/top-100'],
    ['a decimal IPv4 address', 'http://2130706433/top-100'],
    ['the cloud metadata endpoint', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network address', 'https://10.0.0.1/top-100'],
    ['a local file', 'file:///etc/passwd'],
    ['gopher to a local Redis', 'gopher://127.0.0.1:6379/_INFO'],
    ['a data: URL', 'data:text/html,<h1>hi</h1>'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a scheme-relative URL', '//127.0.0.1/top-100'],
    ['Beatport on another port', 'https://www.beatport.com:8443/top-100'],
    ['a host that ends like Beatport', 'https://notbeatport.com/top-100'],
    ['a host that starts like Beatport', 'https://www.beatport.com.127.0.0.1.nip.io/top-100'],
    ['a look-alike host (Greek omicron)', 'https://www.beatp\u03bfrt.com/top-100'],
    ['user info hiding another host', 'https://www.beatport.com@127.0.0.1/top-100'],
    ['a backslash trick', 'https://www.beatport.com\\@127.0.0.1/top-100'],
    ['a path that climbs out', 'https://www.beatport.com/../../etc/passwd'],
    ['a Beatport page that is not a chart', 'https://www.beatport.com/account/profile'],
  ])('%s (400)', async (_, chart) => {
    await expectRefused(await postScrape(JSON.stringify({ chart: chart.replace('FAKE', beatport.url) })), 400);
  });
});

describe('the jobs and charts API refuses, with a reason,', () => {
  let before: Awaited<ReturnType<typeof nothingStarted>>;
  beforeAll(async () => {
    before = await nothingStarted();
  });
  afterAll(async () => {
    expect(await nothingStarted()).toEqual(before);
  });

  const get = (path: string) => fetch(`${processorUrl}${path}`);

  it.each([
    ['/jobs?status=bogus', /status/],
    ['/jobs?status=completed&status=expired', /status/],
    ['/jobs?limit=abc', /limit/],
    ['/jobs?limit=0', /limit/],
    ['/jobs?limit=501', /limit/],
    ['/jobs?limit=-1', /limit/],
    ['/jobs?limit=1.5', /limit/],
    ['/jobs?limit=1e9', /limit/],
    ['/jobs/not-a-uuid', /job id/],
    [`/jobs/${encodeURIComponent("' OR '1'='1")}`, /job id/],
    [`/jobs/${encodeURIComponent('1; DROP TABLE jobs')}`, /job id/],
    ['/charts?limit=abc', /limit/],
    ['/charts?limit=100000', /limit/],
    [`/charts/${'x'.repeat(201)}`, /200/],
  ])('GET %s (400)', async (path, reason) => {
    await expectRefused(await get(path), 400, reason);
  });

  it.each([
    [`/jobs/${randomUUID()}`, /no job/],
    ['/charts/beatport:top-100:2026-12-04', /no chart/],
    [`/charts/${encodeURIComponent("x' OR '1'='1")}`, /no chart/],
    [`/charts/${encodeURIComponent('x; DROP TABLE charts; --')}`, /no chart/],
  ])('GET %s (404)', async (path, reason) => {
    await expectRefused(await get(path), 404, reason);
    expect(await rowCount('charts')).toBe(before.charts);
  });

  // PostgreSQL refuses a NUL byte in text (22021): the id is checked before it gets there.
  it('GET /charts/<NUL byte> (400, not a database error)', async () => {
    const response = await get('/charts/%00');
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/printable/);
  });

  it('GET /charts/<broken percent-encoding> (400)', async () => {
    const response = await get('/charts/%E0%A4%A');
    expect(response.status).toBe(400);
  });

  it('POST /jobs: not an endpoint (404)', async () => {
    const response = await fetch(`${processorUrl}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(404);
  });
});

describe('by contrast, a valid request', () => {
  it('publishes the chart and chart-processor creates its job', async () => {
    const before = await nothingStarted();
    const response = await postScrape(JSON.stringify({ chart: 'top-100' }));
    expect(response.status).toBe(202);
    const { chartId } = (await response.json()) as { chartId: string };
    expect(await publishedCharts()).toBe(before.published + 1);
    expect(beatport.requests.length).toBeGreaterThan(before.beatportRequests);
    await waitFor('the job of the scraped chart', async () => {
      const [row] = await db.dataSource.query(`SELECT id FROM jobs WHERE chart_id = $1`, [chartId]);
      return row;
    });
  });
});
