// YtMusicSearchProvider through the real ytmusic-api against the fake YouTube Music.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PermanentError, RetryLaterError, SearchableTrack, searchableTrackSchema } from '@charts-vibe/shared';
import { ChartCatalog } from '@charts-vibe/fakes/ytmusic/chart-catalog';
import { FakeYtMusic } from '@charts-vibe/fakes/ytmusic/fake-ytmusic';
import { ResultItem } from '@charts-vibe/fakes/ytmusic/innertube-response';
import { searchConfigSchema } from './search.config';
import { SearchConfigurationError, SearchLayoutError, TransientSearchError } from './track-search-provider';
import { buildSearchQuery, YtMusicSearchProvider } from './ytmusic-search.provider';
import { YtMusicSession } from './ytmusic-session';

const top100: SearchableTrack[] = JSON.parse(
  readFileSync(resolve(__dirname, '../../../../tests/fixtures/matching/beatport-top100-psytrance.json'), 'utf8'),
).tracks.map((track: unknown) => searchableTrackSchema.parse(track));

const viento: SearchableTrack = { beatportId: 19812224, title: 'Viento', mixName: 'Extended Mix', artists: ['Funk Tribu'], remixers: [], lengthMs: 265_519 };
const VIENTO_QUERY = 'Viento Extended Mix Funk Tribu';

function result(kind: 'song' | 'video', videoId: string, title: string, artist: string, durationSeconds: number | null): ResultItem {
  return {
    kind,
    videoId,
    title,
    artists: [{ name: artist, browseId: `UC${videoId}`, pageType: kind === 'song' ? 'MUSIC_PAGE_TYPE_ARTIST' : 'MUSIC_PAGE_TYPE_USER_CHANNEL' }],
    album: kind === 'song' ? { name: title, browseId: `MPREb_${videoId}` } : null,
    durationSeconds,
    popularity: '12k plays',
  };
}

function configFor(fake: FakeYtMusic, overrides: Record<string, string> = {}) {
  return searchConfigSchema.parse({ YTMUSIC_BASE_URL: fake.url, YTMUSIC_TIMEOUT_MS: '400', ...overrides });
}

describe('buildSearchQuery', () => {
  it('joins title, mix name and up to three main artists, without "Original Mix" or featured artists', () => {
    expect(buildSearchQuery(viento)).toBe('Viento Extended Mix Funk Tribu');
    expect(buildSearchQuery({ title: 'Reef', mixName: 'Original Mix', artists: ['Mystic (Psy)'] })).toBe('Reef Mystic');
    expect(buildSearchQuery({ title: 'Corpo e Canção (feat. Letícia Fialho)', mixName: 'Festival Mix', artists: ['Vini Vici', 'Blazy'] })).toBe(
      'Corpo e Canção Festival Mix Vini Vici Blazy',
    );
    expect(buildSearchQuery({ title: 'Wonders', mixName: null, artists: ['Neelix', 'Ghost Rider', 'The Gardener & The Tree', 'Fourth'] })).toBe(
      'Wonders Neelix Ghost Rider The Gardener & The Tree',
    );
  });
});

describe('YtMusicSearchProvider', () => {
  const fake = new FakeYtMusic({ catalog: top100 });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.clearFailures();
    fake.searches.length = 0;
    fake.requests.length = 0;
    fake.respondTo(VIENTO_QUERY, 'songs', [
      result('song', 'radioEdit01', 'Viento (Radio Edit)', 'Funk Tribu', 171),
      result('song', 'extended001', 'Viento (Extended Mix)', 'Funk Tribu', 266),
      result('song', 'spedUp00001', 'Viento (Sped Up)', 'Funk Tribu', 212),
    ]);
  });

  it('matches the Extended Mix among the songs and does not search videos', async () => {
    const decision = await new YtMusicSearchProvider(configFor(fake)).search(viento);
    expect(decision).toMatchObject({ outcome: 'matched', videoId: 'extended001' });
    expect(decision.score).toBeGreaterThan(0.9);
    expect(decision.details).toMatchObject({
      query: VIENTO_QUERY,
      searched: ['songs'],
      results: { songs: 3, videos: 0, dropped: 0 },
      winner: { videoId: 'extended001', parts: { title: 1, artist: 1, version: 1, duration: 1, kind: 1 } },
      runnerUp: { videoId: 'radioEdit01', verdict: 'mismatch' },
      rejected: [{ videoId: 'spedUp00001', reason: 'a sped-up version' }],
    });
    expect(fake.searches.map((search) => search.filter)).toEqual(['songs']);
  });

  it('falls back to videos when no song is accepted', async () => {
    const track: SearchableTrack = { beatportId: 1, title: 'Eind Hoger', mixName: null, artists: ['Fresku'], remixers: [], lengthMs: 207_000 };
    fake.respondTo('Eind Hoger Fresku', 'songs', [result('song', 'coverSong01', 'Eind Hoger', 'Cover Kids', 190)]);
    fake.respondTo('Eind Hoger Fresku', 'videos', [
      result('video', 'studioSess1', 'FRESKU | Studiosessie 272 | 101Barz', '101Barz', 429),
      result('video', 'eindHoger01', 'Fresku - Eind Hoger (prod. Teemong)', 'Teemong', 207),
    ]);
    const decision = await new YtMusicSearchProvider(configFor(fake)).search(track);
    expect(decision).toMatchObject({ outcome: 'matched', videoId: 'eindHoger01', details: { searched: ['songs', 'videos'] } });
    expect(fake.searches.map((search) => search.filter)).toEqual(['songs', 'videos']);
  });

  it('finds nothing, without failing, when YouTube Music has no results', async () => {
    const track: SearchableTrack = { beatportId: 2, title: 'Qwxz Unheard', mixName: null, artists: ['Nobody'], remixers: [], lengthMs: null };
    const decision = await new YtMusicSearchProvider(configFor(fake)).search(track);
    expect(decision).toEqual({
      outcome: 'not_found',
      videoId: null,
      score: null,
      details: expect.objectContaining({ reason: 'no results', searched: ['songs', 'videos'], results: { songs: 0, videos: 0, dropped: 0 } }),
    });
  });

  it('loads the start page once per process and points every call at the configured base URL', async () => {
    const provider = new YtMusicSearchProvider(configFor(fake));
    await provider.search(viento);
    await provider.search(viento);
    expect(fake.requests.filter((request) => request.method === 'GET' && request.path === '/')).toHaveLength(1);
    expect(fake.searches).toHaveLength(2);
    expect(fake.searches.every((search) => search.key === fake.apiKey)).toBe(true);
  });

  it('loads the start page again once the session is older than its time to live', async () => {
    let now = 0;
    const config = configFor(fake, { YTMUSIC_SESSION_TTL_MS: '60000' });
    const session = new YtMusicSession({ baseUrl: fake.url, timeoutMs: 2_000, sessionTtlMs: config.YTMUSIC_SESSION_TTL_MS, now: () => now });
    const provider = new YtMusicSearchProvider(config, session);
    await provider.search(viento);
    now = 59_000;
    await provider.search(viento);
    now = 61_000;
    await provider.search(viento);
    expect(fake.requests.filter((request) => request.path === '/')).toHaveLength(2);
  });

  it('sends the configured cookies and asks for English results', async () => {
    await new YtMusicSearchProvider(configFor(fake, { YTMUSIC_COOKIES: 'SOCS=CAISEwgDEgk; CONSENT=YES+1' })).search(viento);
    for (const request of fake.requests) expect(request.headers.cookie).toMatch(/SOCS=CAISEwgDEgk; CONSENT=YES\+1|CONSENT=YES\+1; SOCS=CAISEwgDEgk/);
    const search = fake.requests.find((request) => request.method === 'POST')!;
    expect(JSON.parse(search.body).context.client).toMatchObject({ hl: 'en', gl: 'US' });
  });

  it('reports a consent page as a configuration error, without searching, and recovers once it is gone', async () => {
    fake.fail({ kind: 'consent' });
    const provider = new YtMusicSearchProvider(configFor(fake));
    const error = await provider.search(viento).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SearchConfigurationError);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as Error).message).toMatch(/cookie-consent page.*YTMUSIC_COOKIES/);
    expect(fake.searches).toHaveLength(0);
    expect(fake.requests.some((request) => request.path.includes('undefined'))).toBe(false);

    fake.clearFailures();
    await expect(provider.search(viento)).resolves.toMatchObject({ outcome: 'matched', videoId: 'extended001' });
  });

  it('throws a transient error on 429 and matches on the next call', async () => {
    fake.fail({ kind: 'status', status: 429, times: 1 });
    const provider = new YtMusicSearchProvider(configFor(fake));
    await expect(provider.search(viento)).rejects.toBeInstanceOf(TransientSearchError);
    await expect(provider.search(viento)).resolves.toMatchObject({ outcome: 'matched', videoId: 'extended001' });
    expect(fake.searches.map((search) => search.status)).toEqual([429, 200]);
  });

  it.each([500, 503])('throws a transient error on %i', async (status) => {
    fake.fail({ kind: 'status', status, times: 1 });
    await expect(new YtMusicSearchProvider(configFor(fake)).search(viento)).rejects.toThrow(
      new TransientSearchError(`YouTube Music answered ${status} to the songs search "${VIENTO_QUERY}"`),
    );
  });

  it('throws a transient error when YouTube Music does not answer in time', async () => {
    fake.fail({ kind: 'timeout', times: 1 });
    const error = await new YtMusicSearchProvider(configFor(fake, { YTMUSIC_TIMEOUT_MS: '300' })).search(viento).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientSearchError);
    expect((error as Error).message).toMatch(/did not answer the songs search .*timeout of 300ms exceeded/);
  });

  it('loads the start page again after a 400 and retries the search once', async () => {
    const provider = new YtMusicSearchProvider(configFor(fake));
    await provider.search(viento);
    fake.rotateApiKey();
    await expect(provider.search(viento)).resolves.toMatchObject({ outcome: 'matched', videoId: 'extended001' });
    expect(fake.searches.map((search) => search.status)).toEqual([200, 400, 200]);
    expect(fake.requests.filter((request) => request.path === '/')).toHaveLength(2);
  });

  it('reports a 400 that survives a fresh start page as a configuration error', async () => {
    fake.fail({ kind: 'status', status: 400 });
    const error = await new YtMusicSearchProvider(configFor(fake)).search(viento).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SearchConfigurationError);
    expect(fake.searches.map((search) => search.status)).toEqual([400, 400]);
  });

  it('reports a changed layout as a permanent layout error with its reason', async () => {
    fake.fail({ kind: 'layout-changed', times: 1 });
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined); // ytmusic-api dumps a schema per result
    try {
      const error = await new YtMusicSearchProvider(configFor(fake)).search(viento).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SearchLayoutError);
      expect(error).toBeInstanceOf(PermanentError);
      expect((error as Error).message).toBe(
        `YouTube Music answered the song search "${VIENTO_QUERY}" with 3 results but none had a video id and a name: its layout changed`,
      );
    } finally {
      quiet.mockRestore();
    }
  });

  it('matches a whole chart through the fake, picking the right upload and never a wrong one', async () => {
    const catalog = new ChartCatalog(top100);
    const chartFake = new FakeYtMusic({ catalog });
    await chartFake.start();
    const outcomes = { right: 0, wrong: 0, missed: 0, correctlyAbsent: 0 };
    try {
      const provider = new YtMusicSearchProvider(configFor(chartFake, { YTMUSIC_TIMEOUT_MS: '5000' }));
      for (const track of top100) {
        const decision = await provider.search(track);
        const expected = catalog.expectedVideoId(track);
        const acceptable = catalog.entriesFor(track).filter((entry) => entry.role.startsWith('right')).map((entry) => entry.videoId);
        if (decision.outcome !== 'matched') outcomes[expected ? 'missed' : 'correctlyAbsent'] += 1;
        else outcomes[acceptable.includes(decision.videoId!) ? 'right' : 'wrong'] += 1;
      }
    } finally {
      await chartFake.stop();
    }
    expect(outcomes.wrong).toBe(0);
    expect(outcomes.right).toBeGreaterThanOrEqual(0.95 * (outcomes.right + outcomes.missed));
    expect(outcomes.correctlyAbsent).toBeGreaterThan(0);
  });
});
