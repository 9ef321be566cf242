// The scraper against the fake Beatport over real HTTP (cheerio parsing real pages), publishing
// to the real Kafka: what it reads from each kind of answer, and that a failure publishes nothing.
import {
  ChartScraped,
  ChartTrack,
  loadConfig,
  KafkaPublisher,
  ensureTopics,
  Topics,
  topicName,
} from '@charts-vibe/shared';
import { testKafka, TopicRecorder } from '@charts-vibe/shared/testing';
import { FAKE_BEATPORT_TOKEN, FakeBeatport, FakeChart } from '@charts-vibe/fakes/beatport/fake-beatport';
import { BeatportTrackJson, loadPsyTranceTop100 } from '@charts-vibe/fakes/beatport/fixtures';
import { Admin } from 'kafkajs';
import { pino } from 'pino';
import { cliConfigSchema } from '../config';
import { BeatportAuthError, BeatportBlockedError, BeatportLayoutError, BeatportNotFoundError } from './errors';
import { scrapeMetrics } from './scrape-metrics';
import { buildChartScrapeService } from './scrape.service';

const fixture = loadPsyTranceTop100().results;
const topic = topicName(Topics.chartScraped);
const kafka = testKafka();
const publisher = new KafkaPublisher(kafka);
let admin: Admin;
let recorder: TopicRecorder;
let fake: FakeBeatport;

const top100 = (overrides: Partial<FakeChart> = {}): FakeChart => ({
  tracks: loadPsyTranceTop100().results,
  title: 'Top 100 Songs & DJ Tracks',
  queryKey: ['top-100-tracks-per_page=100'],
  ...overrides,
});

function scraper(env: Record<string, string> = {}) {
  const config = loadConfig(cliConfigSchema, {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    BEATPORT_BASE_URL: fake.url,
    BEATPORT_API_BASE_URL: fake.url,
    SCRAPER_PAGE_DELAY_MS: '0',
    SCRAPER_RETRY_INITIAL_MS: '10',
    SCRAPER_MAX_RETRIES: '2',
    ...env,
  });
  return buildChartScrapeService(config, publisher, pino({ level: 'silent' }));
}

async function publishedCount(): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
}

/** Scrapes and returns the chart.scraped message it published (read back from Kafka). */
async function scrapeAndRead(chart: string, env: Record<string, string> = {}): Promise<ChartScraped> {
  const before = recorder.messages.length;
  await scraper(env).scrapeAndPublish(chart);
  await recorder.waitForCount(before + 1);
  expect(recorder.messages).toHaveLength(before + 1);
  return recorder.values<ChartScraped>()[before];
}

/** Scrapes, expects it to fail, and checks nothing reached the topic. */
async function scrapeFailure(chart: string, env: Record<string, string> = {}): Promise<Error> {
  const before = await publishedCount();
  const error = await scraper(env)
    .scrapeAndPublish(chart)
    .then(
      () => new Error('the scrape succeeded'),
      (failure: Error) => failure,
    );
  expect(await publishedCount()).toBe(before);
  return error;
}

async function scrapeCount(labels: { chart: string; outcome: string; reason: string }): Promise<number> {
  const { values } = await scrapeMetrics.scrapes().get();
  return (
    values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k as keyof typeof labels] === value))
      ?.value ?? 0
  );
}

/** What each fixture track must become: names trimmed, objects reduced to their names. */
function expectedTrack(raw: BeatportTrackJson, position: number): ChartTrack {
  const names = (list: unknown) => (list as { name: string }[]).map((item) => item.name.trim());
  const release = raw.release as { label: { name: string } };
  return {
    position,
    beatportId: raw.id,
    title: raw.name.trim(),
    mixName: (raw.mix_name as string).trim(),
    artists: names(raw.artists),
    remixers: names(raw.remixers),
    label: release.label.name,
    genre: (raw.genre as { name: string }).name,
    bpm: raw.bpm as number,
    key: (raw.key as { name: string }).name,
    lengthMs: raw.length_ms as number,
    releaseDate: raw.publish_date as string,
    isrc: raw.isrc as string,
  };
}

beforeAll(async () => {
  await ensureTopics(kafka, { partitions: 1, topics: [Topics.chartScraped] });
  admin = kafka.admin();
  await admin.connect();
  recorder = await new TopicRecorder(kafka, topic).start();
  fake = new FakeBeatport();
  await fake.start();
});

afterAll(async () => {
  await recorder?.stop();
  await admin?.disconnect();
  await publisher.onApplicationShutdown();
  await fake?.stop();
});

describe('reading a chart page', () => {
  it('yields exactly the 100 tracks of the Top 100 page, in order, each field as Beatport gave it', async () => {
    fake.servePage('/top-100', top100());
    const message = await scrapeAndRead('top-100');
    const { payload } = message;
    const today = new Date().toISOString().slice(0, 10);

    expect(payload).toMatchObject({
      chartId: `beatport:top-100:${today}`,
      chartRef: 'beatport:top-100',
      source: 'page',
      sourceUrl: `${fake.url}/top-100`,
      chartName: 'Beatport Top 100',
    });
    expect(payload.tracks).toHaveLength(100);
    expect(payload.tracks).toEqual(fixture.map((raw, index) => expectedTrack(raw, index + 1)));
    // Spot checks written out: four artists, a remix and a trailing space in one track…
    expect(payload.tracks[0]).toEqual({
      position: 1,
      beatportId: 20824626,
      title: 'Mushroom Song',
      mixName: 'Electric Universe Remix',
      artists: ['Tristan', 'Avalon', 'Faders', 'Killerwatts'],
      remixers: ['Electric Universe'],
      label: 'Nano Records',
      genre: 'Psy-Trance',
      bpm: 145,
      key: 'A Major',
      lengthMs: 506482,
      releaseDate: '2025-08-15',
      isrc: 'GBKQU2578872',
    });
    // …three artists and a trailing space…
    expect(payload.tracks[4]).toEqual({
      position: 5,
      beatportId: 21006934,
      title: 'Age Of Silicon',
      mixName: 'Original Mix',
      artists: ['Arcana', 'DigiCult', 'MoRsei'],
      remixers: [],
      label: 'Dacru Records',
      genre: 'Psy-Trance',
      bpm: 144,
      key: 'B Major',
      lengthMs: 516413,
      releaseDate: '2025-08-22',
      isrc: 'GBKQU2581884',
    });
    // …a remix by two remixers…
    expect(payload.tracks[6]).toEqual({
      position: 7,
      beatportId: 20639814,
      title: 'The Techno Code',
      mixName: 'Avalon & Tristan Remix',
      artists: ['Enrico Sangiuliano'],
      remixers: ['Tristan', 'Avalon'],
      label: 'NINETOZERO',
      genre: 'Psy-Trance',
      bpm: 108,
      key: 'Bb Major',
      lengthMs: 416666,
      releaseDate: '2025-07-03',
      isrc: 'BE4JP2592009',
    });
    // …and the last one.
    expect(payload.tracks[99]).toMatchObject({
      position: 100,
      beatportId: 12796514,
      title: 'Drumville',
      artists: ['Freedom Fighters', 'Modus (ISR)'],
    });
  });

  it.each([
    ['last, after another track list', 'chart-last' as const],
    ['shuffled (seed 1)', { seed: 1 }],
    ['shuffled (seed 2)', { seed: 2 }],
    ['shuffled (seed 3)', { seed: 3 }],
  ])('finds the chart among the extra queries a real page carries, its query %s', async (_, queryOrder) => {
    const sideTracks = [...fixture].reverse().slice(0, 10);
    fake.servePage('/top-100', top100({ page: { extraQueries: true, queryOrder, sideTracks } }));
    const { payload } = await scrapeAndRead('top-100');
    expect(payload.tracks).toEqual(fixture.map((raw, index) => expectedTrack(raw, index + 1)));
  });

  it('reads every page of a paged chart, positions continuing from one page to the next', async () => {
    fake.servePage(
      '/genre/psy-trance/13/top-100',
      top100({ perPage: 50, queryKey: ['genre-13-top-100-tracks-per_page=50'] }),
    );
    const { payload } = await scrapeAndRead('genre:psy-trance');

    const requests = fake.requestsTo('/genre/psy-trance/13/top-100');
    expect(requests.slice(-2).map((r) => r.query.get('page'))).toEqual([null, '2']);
    expect(payload.chartRef).toBe('beatport:genre:13');
    expect(payload.tracks.map((t) => t.position)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(payload.tracks[50]).toEqual(expectedTrack(fixture[50], 51));
    expect(payload.tracks.map((t) => t.beatportId)).toEqual(fixture.map((t) => t.id));
  });

  it('drops a track listed twice, keeping its first place, and numbers the rest without a gap', async () => {
    const tracks = loadPsyTranceTop100().results;
    tracks.splice(50, 0, structuredClone(tracks[9]));
    fake.servePage('/top-100', top100({ tracks }));
    const { payload } = await scrapeAndRead('top-100');
    expect(payload.tracks).toEqual(fixture.map((raw, index) => expectedTrack(raw, index + 1)));
  });

  it('reads the rows of the markup when the page has no __NEXT_DATA__, with the fields the rows carry', async () => {
    fake.servePage('/top-100', top100({ page: { nextData: false } }));
    const { payload } = await scrapeAndRead('top-100');
    expect(payload.tracks).toHaveLength(100);
    expect(payload.tracks[0]).toEqual({
      ...expectedTrack(fixture[0], 1),
      remixers: [],
      lengthMs: null,
      isrc: null,
    });
  });
});

describe('when Beatport does not serve the chart', () => {
  it('gives a BeatportBlockedError for a Cloudflare challenge (403), asks once, and publishes nothing', async () => {
    fake.servePage('/top-100', top100()).script('/top-100', { challenge: 'cloudflare', status: 403 });
    const asked = fake.requestsTo('/top-100').length;
    const blockedBefore = await scrapeCount({ chart: 'beatport:top-100', outcome: 'error', reason: 'blocked' });

    const error = await scrapeFailure('top-100');
    expect(error).toBeInstanceOf(BeatportBlockedError);
    expect(error.message).toMatch(/challenge page/);
    expect(fake.requestsTo('/top-100').length - asked).toBe(1);
    expect(await scrapeCount({ chart: 'beatport:top-100', outcome: 'error', reason: 'blocked' })).toBe(
      blockedBefore + 1,
    );
  });

  it('gives a BeatportBlockedError for a challenge served with 200 (the /human-test/ proof-of-work page)', async () => {
    fake.servePage('/top-100', top100()).script('/top-100', { challenge: 'human-test', status: 200 });
    expect(await scrapeFailure('top-100')).toBeInstanceOf(BeatportBlockedError);
  });

  it('gives a BeatportBlockedError for a plain 403', async () => {
    fake.servePage('/top-100', top100()).script('/top-100', { status: 403 });
    const error = await scrapeFailure('top-100');
    expect(error).toBeInstanceOf(BeatportBlockedError);
    expect(error.message).toMatch(/HTTP 403/);
  });

  it('waits as long as Retry-After says after a 429, then reads the chart', async () => {
    fake.servePage('/top-100', top100()).script('/top-100', { status: 429, retryAfter: '1' });
    const asked = fake.requestsTo('/top-100').length;
    const { payload } = await scrapeAndRead('top-100');

    const [limited, served] = fake.requestsTo('/top-100').slice(asked);
    expect(served.at - limited.at).toBeGreaterThanOrEqual(950);
    expect(payload.tracks).toHaveLength(100);
  });

  it('gives a BeatportBlockedError when 429s outlast the retries', async () => {
    const tooMany = { status: 429, retryAfter: '0' };
    fake.servePage('/top-100', top100()).script('/top-100', tooMany, tooMany, tooMany);
    const error = await scrapeFailure('top-100', { SCRAPER_MAX_RETRIES: '2' });
    expect(error).toBeInstanceOf(BeatportBlockedError);
    expect(error.message).toMatch(/HTTP 429\) after 3 attempt/);
  });

  it('gives a BeatportNotFoundError for a 404', async () => {
    const error = await scrapeFailure('https://www.beatport.com/chart/gone-chart/999999');
    expect(error).toBeInstanceOf(BeatportNotFoundError);
    expect(await scrapeCount({ chart: 'beatport:chart:999999', outcome: 'error', reason: 'not_found' })).toBe(1);
  });

  it('gives a BeatportLayoutError naming __NEXT_DATA__ for a page with neither __NEXT_DATA__ nor track rows', async () => {
    fake.servePage('/top-100', top100({ page: { nextData: false, markupRows: false } }));
    const error = await scrapeFailure('top-100');
    expect(error).toBeInstanceOf(BeatportLayoutError);
    expect(error.message).toMatch(/no <script id="__NEXT_DATA__">/);
  });

  it('gives a BeatportLayoutError naming the missing results when the chart query has no track list', async () => {
    fake.servePage('/top-100', top100({ page: { results: false, markupRows: false, extraQueries: true } }));
    const error = await scrapeFailure('top-100');
    expect(error).toBeInstanceOf(BeatportLayoutError);
    expect(error.message).toMatch(/\["top-100-tracks-per_page=100"\] has no state\.data\.results/);
  });

  it('gives a BeatportLayoutError naming the position and the field for a track without artists', async () => {
    const tracks = loadPsyTranceTop100().results;
    delete tracks[41].artists;
    fake.servePage('/top-100', top100({ tracks }));
    const error = await scrapeFailure('top-100');
    expect(error).toBeInstanceOf(BeatportLayoutError);
    expect(error.message).toMatch(/position 42 \(id 20964760\).*artists/);
  });

  it('refuses a Top 100 that lists far fewer than 100 tracks', async () => {
    fake.servePage('/top-100', top100({ tracks: loadPsyTranceTop100().results.slice(0, 40) }));
    const error = await scrapeFailure('top-100');
    expect(error).toBeInstanceOf(BeatportLayoutError);
    expect(error.message).toMatch(/40 tracks, expected at least 90/);
  });
});

describe('the API v4 source', () => {
  it('pages through the chart with the bearer token', async () => {
    fake.serveApi('/v4/catalog/tracks/top/100/', top100({ perPage: 30 }));
    const asked = fake.requestsTo('/v4/catalog/tracks/top/100/').length;
    const { payload } = await scrapeAndRead('top-100', {
      SCRAPER_SOURCE_ORDER: 'api',
      BEATPORT_API_TOKEN: FAKE_BEATPORT_TOKEN,
    });

    const requests = fake.requestsTo('/v4/catalog/tracks/top/100/').slice(asked);
    expect(requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3', '4']);
    expect(requests.every((r) => r.headers.authorization === `Bearer ${FAKE_BEATPORT_TOKEN}`)).toBe(true);
    expect(payload).toMatchObject({ source: 'api', sourceUrl: `${fake.url}/v4/catalog/tracks/top/100/` });
    expect(payload.tracks).toEqual(fixture.map((raw, index) => expectedTrack(raw, index + 1)));
  });

  it('gives a BeatportAuthError that names BEATPORT_API_TOKEN when the token is refused (401)', async () => {
    fake.serveApi('/v4/catalog/tracks/top/100/', top100());
    const error = await scrapeFailure('top-100', { SCRAPER_SOURCE_ORDER: 'api', BEATPORT_API_TOKEN: 'expired-token' });
    expect(error).toBeInstanceOf(BeatportAuthError);
    expect(error.message).toMatch(/HTTP 401.*Invalid token.*BEATPORT_API_TOKEN/);
  });

  it('is the fallback that reads the chart when the page answers with a challenge', async () => {
    fake.servePage('/top-100', top100()).script('/top-100', { challenge: 'cloudflare', status: 403 });
    fake.serveApi('/v4/catalog/tracks/top/100/', top100());
    const { payload } = await scrapeAndRead('top-100', {
      SCRAPER_SOURCE_ORDER: 'page,api',
      BEATPORT_API_TOKEN: FAKE_BEATPORT_TOKEN,
    });
    expect(payload.source).toBe('api');
    expect(payload.tracks).toHaveLength(100);
  });
});
