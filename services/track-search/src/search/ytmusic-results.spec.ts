import type { SongDetailed } from 'ytmusic-api';
import { SearchLayoutError } from './track-search-provider';
import { rawResultItems, toCandidates } from './ytmusic-results';

function song(videoId: string, name: string, artist = 'Funk Tribu', duration: number | null = 266): SongDetailed {
  return { type: 'SONG', videoId, name, artist: { name: artist, artistId: null }, album: null, duration, thumbnails: [] };
}

function rawWith(items: unknown[]): unknown {
  return {
    contents: {
      tabbedSearchResultsRenderer: {
        tabs: [{ tabRenderer: { content: { sectionListRenderer: { contents: [{ musicShelfRenderer: { contents: items.map((item) => ({ musicResponsiveListItemRenderer: item })) } }] } } } }],
      },
    },
  };
}

function item(videoId: string, runs: string[]): unknown {
  return {
    playlistItemData: { videoId },
    flexColumns: [
      { musicResponsiveListItemFlexColumnRenderer: { text: { runs: [{ text: 'x' }] } } },
      { musicResponsiveListItemFlexColumnRenderer: { text: { runs: runs.map((text) => ({ text })) } } },
    ],
  };
}

const EMPTY_SEARCH = { contents: { tabbedSearchResultsRenderer: { tabs: [{ tabRenderer: { content: { sectionListRenderer: { contents: [{ itemSectionRenderer: { contents: [{ messageRenderer: {} }] } }] } } } }] } } };

describe('toCandidates', () => {
  it('drops results without a video id or a name and counts them', () => {
    const raw = rawWith([item('a', ['Funk Tribu', ' • ', '4:26']), item('', ['?']), item('c', ['?'])]);
    const { candidates, dropped } = toCandidates('song', [song('a', 'Viento'), song('', 'Lost'), song('c', '')], raw, 'viento');
    expect(candidates.map((candidate) => candidate.videoId)).toEqual(['a']);
    expect(dropped).toBe(2);
  });

  it('reads every credited artist from the raw line, and never a duration as an artist', () => {
    const raw = rawWith([
      item('a', ['Tristan', ', ', 'Avalon', ' & ', 'Faders', ' • ', 'Mushroom Song', ' • ', '8:26']),
      item('b', ['4:26']),
    ]);
    const { candidates } = toCandidates('song', [song('a', 'Mushroom Song', 'Tristan'), song('b', 'Viento', '4:26')], raw, 'q');
    expect(candidates.map((candidate) => candidate.artist)).toEqual(['Tristan, Avalon & Faders', '']);
  });

  it('treats an answer with no results as an empty search', () => {
    expect(toCandidates('video', [], EMPTY_SEARCH, 'q')).toEqual({ candidates: [], dropped: 0 });
  });

  it('reports results that all vanished in parsing as a changed layout', () => {
    const raw = rawWith([item('a', ['x']), item('b', ['y'])]);
    expect(() => toCandidates('song', [song('', ''), song('', '')], raw, 'viento')).toThrow(
      new SearchLayoutError('YouTube Music answered the song search "viento" with 2 results but none had a video id and a name: its layout changed'),
    );
  });

  it('reports an answer that is not a search page as a changed layout', () => {
    expect(() => toCandidates('song', [], { contents: { somethingNew: {} } }, 'viento')).toThrow(SearchLayoutError);
    expect(() => toCandidates('song', [], rawWith([]), 'viento')).toThrow(/layout changed/);
  });

  it('finds result items wherever they sit', () => {
    expect(rawResultItems(rawWith([item('a', []), item('b', [])]))).toHaveLength(2);
  });
});
