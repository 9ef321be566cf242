// The real ytmusic-api, pointed at the fake YouTube Music, parses each recorded answer
// into exactly what the recording holds; and the private fields we rely on still exist.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import YTMusic from 'ytmusic-api';
import { FakeYtMusic } from '@charts-vibe/fakes/ytmusic/fake-ytmusic';
import { loadRecordedSearches, RecordedSearch } from '@charts-vibe/fakes/ytmusic/recorded-search';
import { toCandidates } from './ytmusic-results';
import { YtMusicSession } from './ytmusic-session';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What a recording holds, read straight from its innertube JSON by the paths YouTube
 * Music uses (not by ytmusic-api's search-anywhere traversal).
 */
function expectedResults(recording: RecordedSearch): { videoId: string; name: string; duration: number | null }[] {
  const sections: Json[] = (recording.body as Json).contents.tabbedSearchResultsRenderer.tabs[0].tabRenderer.content.sectionListRenderer.contents;
  const shelf = sections.find((section) => section.musicShelfRenderer)!.musicShelfRenderer;
  return shelf.contents.map(({ musicResponsiveListItemRenderer: item }: Json) => {
    const durationText = item.flexColumns[1].musicResponsiveListItemFlexColumnRenderer.text.runs
      .map((run: Json) => run.text as string)
      .find((text: string) => /^\d+:\d{2}(:\d{2})?$/.test(text));
    const duration = durationText ? durationText.split(':').reduce((total: number, part: string) => total * 60 + Number(part), 0) : null;
    return {
      videoId: item.playlistItemData.videoId,
      name: item.flexColumns[0].musicResponsiveListItemFlexColumnRenderer.text.runs[0].text,
      duration,
    };
  });
}

describe('ytmusic-api against the fake YouTube Music', () => {
  const recordings = loadRecordedSearches();
  const fake = new FakeYtMusic({ recordings });
  let session: YtMusicSession;

  beforeAll(async () => {
    await fake.start();
    session = new YtMusicSession({ baseUrl: fake.url, timeoutMs: 5_000, sessionTtlMs: 60_000 });
  });
  afterAll(() => fake.stop());

  it('is the pinned version whose private fields we set', () => {
    const packageJson = JSON.parse(readFileSync(join(dirname(require.resolve('ytmusic-api')), '..', 'package.json'), 'utf8'));
    expect(packageJson.version).toBe('5.3.1');
    const client = new YTMusic() as unknown as Json;
    expect(client.client.defaults.baseURL).toBe('https://music.youtube.com/');
    expect(typeof client.client.interceptors.response.use).toBe('function');
    expect(typeof client.cookiejar.setCookieSync).toBe('function');
    expect(client.config).toEqual({});
  });

  it('holds the three recordings, two of songs and one of videos', () => {
    expect(recordings.map((recording) => [recording.query, recording.filter])).toEqual([
      ['no copyrigh sounds', 'songs'],
      ['mocromaniac', 'songs'],
      ['fresku', 'videos'],
    ]);
  });

  it.each(loadRecordedSearches().map((recording) => [recording.query, recording] as const))(
    'parses the recorded answer to "%s" into the recorded results',
    async (query, recording) => {
      const answer = recording.filter === 'videos' ? await session.searchVideos(query) : await session.searchSongs(query);
      const expected = expectedResults(recording);
      expect(expected).toHaveLength(20);
      expect(answer.results.map(({ videoId, name, duration }) => ({ videoId, name, duration }))).toEqual(expected);
      expect(fake.searches.at(-1)).toMatchObject({ query, filter: recording.filter, key: fake.apiKey, status: 200 });
    },
  );

  it('reads names, ids and durations as YouTube Music shows them', async () => {
    const songs = await session.searchSongs('mocromaniac');
    expect(songs.results[0]).toMatchObject({ type: 'SONG', videoId: 'HhQGHxWZCd0', name: 'Boom Boom Boom', duration: 171 });
    expect(songs.results[0]!.artist.name).toBe('MocroManiac');
    const videos = await session.searchVideos('fresku');
    expect(videos.results[1]).toMatchObject({ type: 'VIDEO', videoId: 'uuzbJYLk20Y', name: 'Helse Weg', duration: 512 });
  });

  it('keeps every credited artist where ytmusic-api keeps one, or mistakes a duration for the artist', async () => {
    const answer = await session.searchSongs('no copyrigh sounds');
    // An artist without a link: the library reads the duration in its place.
    expect(answer.results[1]).toMatchObject({ name: 'Royalty', artist: { name: '3:44' } });
    const { candidates, dropped } = toCandidates('song', answer.results, answer.raw, 'no copyrigh sounds');
    expect(dropped).toBe(0);
    expect(candidates[1]).toMatchObject({ videoId: '7CNHJLh8omE', name: 'Royalty', artist: 'Egzod and Maestro Chives', durationSeconds: 224 });
    expect(candidates[0]).toMatchObject({ name: 'Mortals', artist: 'Warriyo', album: 'Mortals', durationSeconds: 229, kind: 'song' });
  });
});
