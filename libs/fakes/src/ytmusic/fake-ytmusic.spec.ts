import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import YTMusic from 'ytmusic-api';
import { CatalogTrack, ChartCatalog } from './chart-catalog';
import { FakeYtMusic } from './fake-ytmusic';
import { decodeSearchFilter } from './search-params';

const top100: CatalogTrack[] = JSON.parse(
  readFileSync(resolve(__dirname, '../../../../tests/fixtures/matching/beatport-top100-psytrance.json'), 'utf8'),
).tracks;

async function clientFor(fake: FakeYtMusic): Promise<YTMusic> {
  const client = new YTMusic();
  (client as unknown as { client: { defaults: { baseURL: string } } }).client.defaults.baseURL = fake.url;
  await client.initialize({ HL: 'en' });
  return client;
}

describe('decodeSearchFilter', () => {
  it.each([
    ['Eg-KAQwIARAAGAAgACgAMABqChAEEAMQCRAFEAo%3D', 'songs'], // ytmusic-api searchSongs
    ['Eg-KAQwIABABGAAgACgAMABqChAEEAMQCRAFEAo%3D', 'videos'], // ytmusic-api searchVideos
    ['Eg-KAQwIARAAGAAgACgAMABqChAEEAUQAxAKEAk%3D', 'songs'], // NewPipe's recording
    ['EgWKAQIIAWoKEAQQBRADEAoQCQ%3D%3D', 'songs'],
    ['EgWKAQIYAWoKEAMQBBAJEAoQBQ%3D%3D', 'albums'],
    [null, 'all'],
    ['not base64 at all!', 'all'],
  ])('reads %s as %s', (params, filter) => {
    expect(decodeSearchFilter(params)).toBe(filter);
  });
});

describe('FakeYtMusic', () => {
  const catalog = new ChartCatalog(top100);
  const fake = new FakeYtMusic({ catalog });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  afterEach(() => fake.clearFailures());

  it('serves a start page with one ytcfg.set line holding the API key and version', async () => {
    const html = await (await fetch(`${fake.url}/`)).text();
    const lines = html.split('\n').filter((line) => line.includes('ytcfg.set('));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`"INNERTUBE_API_KEY":"${fake.apiKey}"`);
    expect(lines[0]).toContain('"INNERTUBE_API_VERSION":"v1"');
  });

  it("answers a chart track's songs and videos with results ytmusic-api parses to the catalog's entries", async () => {
    const client = await clientFor(fake);
    const track = top100.find((candidate) => candidate.title.trim() === 'Horizons')!;
    const songs = await client.searchSongs('Horizons Phaxe Remix Aura Vortex Blazy');
    const videos = await client.searchVideos('Horizons Phaxe Remix Aura Vortex Blazy');
    const expected = (kind: 'song' | 'video') =>
      catalog.results(track, kind).map((entry) => ({ videoId: entry.videoId, name: entry.title, duration: entry.durationSeconds, artist: entry.artists[0]!.name }));
    expect(songs.map((song) => ({ videoId: song.videoId, name: song.name, duration: song.duration, artist: song.artist.name }))).toEqual(expected('song'));
    expect(videos.map((video) => ({ videoId: video.videoId, name: video.name, duration: video.duration, artist: video.artist.name }))).toEqual(expected('video'));
    expect(songs.length).toBeGreaterThan(0);
  });

  it('answers a query it knows nothing about with no results', async () => {
    const client = await clientFor(fake);
    expect(await client.searchSongs('zzzz nothing like this exists')).toEqual([]);
    expect(fake.searches.at(-1)).toMatchObject({ query: 'zzzz nothing like this exists', filter: 'songs', status: 200 });
  });

  it('builds the same catalog every time, with some tracks that have no right upload', () => {
    const again = new ChartCatalog(top100);
    expect(top100.map((track) => again.entriesFor(track))).toEqual(top100.map((track) => catalog.entriesFor(track)));
    const absent = top100.filter((track) => catalog.expectedVideoId(track) === null);
    expect(absent.length).toBeGreaterThan(3);
    expect(absent.length).toBeLessThan(20);
    const roles = new Set(top100.flatMap((track) => catalog.entriesFor(track).map((entry) => entry.role)));
    expect([...roles].sort()).toEqual(
      ['live_set', 'original_of_remix', 'other_remix', 'radio_edit', 'right', 'right_reissue', 'right_video', 'same_title_other_artist', 'sped_up'],
    );
  });

  it('finds the track a query is about by its title words', () => {
    expect(catalog.trackForQuery('Dune Indira Paganotto')?.beatportId).toBe(20202426);
    expect(catalog.trackForQuery('Dunes Ritmo Asgard')?.beatportId).toBe(19237546);
  });

  it('serves a consent page without ytcfg when asked to', async () => {
    fake.fail({ kind: 'consent' });
    const html = await (await fetch(`${fake.url}/`)).text();
    expect(html).toContain('consent.youtube.com');
    expect(html).not.toContain('ytcfg');
  });

  it('fails searches with a status the given number of times, then answers', async () => {
    const client = await clientFor(fake);
    fake.fail({ kind: 'status', status: 429, times: 1 });
    await expect(client.searchSongs('Viento Extended Mix Funk Tribu')).rejects.toMatchObject({ response: { status: 429 } });
    await expect(client.searchSongs('Viento Extended Mix Funk Tribu')).resolves.not.toHaveLength(0);
  });

  it('answers a stale API key with 400', async () => {
    const client = await clientFor(fake);
    fake.rotateApiKey();
    await expect(client.searchSongs('Viento')).rejects.toMatchObject({ response: { status: 400 } });
  });

  it('moves the fields of every result when the layout changed', async () => {
    const client = await clientFor(fake);
    fake.fail({ kind: 'layout-changed', times: 1 });
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const results = await client.searchSongs('Viento Extended Mix Funk Tribu');
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((result) => result.videoId === '' && result.name === '')).toBe(true);
    } finally {
      quiet.mockRestore();
    }
  });
});
