// With API_TOKEN set, the HTTP trigger (scraper's POST /scrape) and any route that changes
// something — on any of the four services — answer 401 unless the request carries
// `Authorization: Bearer <API_TOKEN>`, and nothing starts. The read-only routes (jobs and
// charts, health probes, metrics) stay open: probes and Prometheus carry no token.
import { INestApplication } from '@nestjs/common';
import { loadConfig, startService, topicName, Topics } from '@charts-vibe/shared';
import { appUrl, createTestDatabase, serviceEnv, TestDatabase, testKafka } from '@charts-vibe/shared/testing';
import { FakeBeatport } from '@charts-vibe/fakes/beatport/fake-beatport';
import { Admin } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as chartProcessor from '../../services/chart-processor/src/app.module';
import * as chartProcessorConfig from '../../services/chart-processor/src/config';
import * as playlist from '../../services/playlist/src/app.module';
import * as playlistConfig from '../../services/playlist/src/config';
import * as scraper from '../../services/scraper/src/app.module';
import * as scraperConfig from '../../services/scraper/src/config';
import * as trackSearch from '../../services/track-search/src/app.module';
import * as trackSearchConfig from '../../services/track-search/src/config';
import { FixtureSearchProvider } from '../../services/track-search/src/providers/fixture-search.provider';

const API_TOKEN = 'security-test-token-8c1f0e5b2a7d';
const kafka = testKafka();
const outputDir = mkdtempSync(path.join(tmpdir(), 'cv-security-'));
let db: TestDatabase;
let beatport: FakeBeatport;
let admin: Admin;
const services: { name: string; app: INestApplication; url: string }[] = [];

beforeAll(async () => {
  beatport = new FakeBeatport().serveRecordedCharts();
  await beatport.start();
  db = await createTestDatabase();
  const env = (extra: Record<string, string> = {}) => serviceEnv(db.url, { API_TOKEN, ...extra });
  const sc = loadConfig(scraperConfig.configSchema, env({ BEATPORT_BASE_URL: beatport.url, BEATPORT_API_BASE_URL: beatport.url, SCRAPER_PAGE_DELAY_MS: '0' }));
  const cp = loadConfig(chartProcessorConfig.configSchema, env());
  const ts = loadConfig(trackSearchConfig.configSchema, env());
  const pl = loadConfig(playlistConfig.configSchema, env({ PLAYLIST_OUTPUT_DIR: outputDir }));
  const start = async (name: string, config: object, appModule: never, consumes: boolean) => {
    const app = await startService({ serviceName: name, config: config as never, appModule, consumes, host: '127.0.0.1' });
    services.push({ name, app, url: await appUrl(app) });
  };
  await start('scraper', sc, scraper.AppModule.forRoot(sc) as never, false);
  await start('chart-processor', cp, chartProcessor.AppModule.forRoot(cp) as never, false);
  await start('track-search', ts, trackSearch.AppModule.forRoot(ts, new FixtureSearchProvider({})) as never, false);
  await start('playlist', pl, playlist.AppModule.forRoot(pl) as never, false);
  admin = kafka.admin();
  await admin.connect();
}, 120_000);

afterAll(async () => {
  await admin?.disconnect();
  for (const { app } of services) await app.close();
  await db?.drop();
  await beatport?.stop();
  rmSync(outputDir, { recursive: true, force: true });
}, 60_000);

const scraperUrl = () => services.find((s) => s.name === 'scraper')!.url;

async function published(): Promise<number> {
  return (await admin.fetchTopicOffsets(topicName(Topics.chartScraped))).reduce((sum, p) => sum + Number(p.high), 0);
}

function scrape(headers: Record<string, string>, query = ''): Promise<Response> {
  return fetch(`${scraperUrl()}/scrape${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ chart: 'top-100' }),
  });
}

/** Every route a service serves, from its Express router (less NestJS's catch-all 404 route). */
function routesOf(app: INestApplication): { method: string; path: string }[] {
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
  return router.stack.flatMap((layer) =>
    layer.route && !layer.route.path.includes('*')
      ? Object.keys(layer.route.methods).filter((m) => m !== '_all').map((method) => ({ method: method.toUpperCase(), path: layer.route!.path }))
      : [],
  );
}

describe('POST /scrape with API_TOKEN set', () => {
  it.each([
    ['no Authorization header', {}, ''],
    ['a wrong token', { authorization: 'Bearer security-test-token-000000000000' }, ''],
    ['the token with one character more', { authorization: `Bearer ${API_TOKEN}x` }, ''],
    ['the token less its last character', { authorization: `Bearer ${API_TOKEN.slice(0, -1)}` }, ''],
    ['an empty bearer', { authorization: 'Bearer ' }, ''],
    ['the token without the Bearer scheme', { authorization: API_TOKEN }, ''],
    ['the token as Basic credentials', { authorization: `Basic ${Buffer.from(`${API_TOKEN}:`).toString('base64')}` }, ''],
    ['the token in another header', { 'x-api-token': API_TOKEN }, ''],
    ['the token in the query string', {}, `?access_token=${API_TOKEN}`],
  ])('answers 401 to %s, without fetching or publishing anything', async (_, headers, query) => {
    const [before, asked] = [await published(), beatport.requests.length];
    const response = await scrape(headers as Record<string, string>, query);
    const body = await response.text();
    expect(response.status).toBe(401);
    expect(body).toMatch(/bearer token is required/);
    expect(body).not.toContain(API_TOKEN);
    expect(beatport.requests.length).toBe(asked);
    expect(await published()).toBe(before);
  });

  it('accepts the token (scheme in any case) and publishes the chart', async () => {
    const before = await published();
    const response = await scrape({ authorization: `bearer ${API_TOKEN}` });
    expect(response.status).toBe(202);
    expect(await published()).toBe(before + 1);
  });
});

describe('every service with API_TOKEN set', () => {
  it('guards every route that is not a read (only POST /scrape today)', async () => {
    const writes = services.flatMap(({ name, app, url }) =>
      routesOf(app).filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method)).map((r) => ({ name, url, ...r })),
    );
    expect(writes.map(({ name, method, path: route }) => `${name} ${method} ${route}`)).toEqual(['scraper POST /scrape']);
    for (const { url, method, path: route } of writes) {
      const response = await fetch(`${url}${route}`, { method, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect({ route, status: response.status }).toEqual({ route, status: 401 });
    }
  });

  it('leaves the read-only routes open: health probes, metrics, jobs and charts', async () => {
    const reads = services.flatMap(({ name, app, url }) =>
      routesOf(app).filter((r) => r.method === 'GET' && !r.path.includes(':')).map((r) => ({ name, url, ...r })),
    );
    expect(reads.map(({ name, path: route }) => `${name} ${route}`)).toEqual(
      expect.arrayContaining(['scraper /health/ready', 'chart-processor /jobs', 'chart-processor /charts', 'playlist /metrics']),
    );
    for (const { name, url, path: route } of reads) {
      const response = await fetch(`${url}${route}`);
      expect({ name, route, status: response.status }).toEqual({ name, route, status: 200 });
      expect(await response.text()).not.toContain(API_TOKEN);
    }
  });
});
