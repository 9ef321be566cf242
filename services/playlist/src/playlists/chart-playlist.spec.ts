import { ChartEntry, orderedPlaylist, renderTitle, toM3u } from './chart-playlist';

function entry(position: number, videoId: string | null, matchStatus: string | null = videoId ? 'matched' : 'not_found'): ChartEntry {
  return { position, trackKey: `beatport:${position}`, title: `T${position}`, mixName: null, artists: ['A'], remixers: [], lengthMs: 1_000, matchStatus, videoId, matchScore: 0.9 };
}

describe('a chart playlist', () => {
  it('keeps matched videos in chart order, a repeated video once at its first position, and lists the rest', () => {
    const playlist = orderedPlaylist([entry(3, 'c'), entry(1, 'a'), entry(2, null), entry(4, 'a'), entry(5, 'e', 'needs_review'), entry(6, 'f')]);
    expect(playlist.tracks.map((t) => [t.position, t.videoId])).toEqual([
      [1, 'a'],
      [3, 'c'],
      [6, 'f'],
    ]);
    expect(playlist.unmatched.map((u) => [u.position, u.status])).toEqual([
      [2, 'not_found'],
      [5, 'needs_review'],
    ]);
    expect(playlist.duplicates).toEqual([{ position: 4, trackKey: 'beatport:4', videoId: 'a', keptAt: 1 }]);
  });

  it.each([
    ['{chart} — {date}', 'Beatport Top 100 — 2026-12-04'],
    ['{ref} <daily>', 'beatport:top-100 daily'],
    ['{chart}'.repeat(20), 'Beatport Top 100'.repeat(20).slice(0, 150)],
  ])('titles %j as %j (YouTube: 150 characters, no angle brackets)', (template, title) => {
    expect(renderTitle(template, { chart: 'Beatport Top 100', date: '2026-12-04', ref: 'beatport:top-100' })).toBe(title);
  });

  it('writes an M3U line per track with its length and a YouTube Music link', () => {
    const playlist = orderedPlaylist([{ ...entry(1, 'x1'), title: 'Line\nBreak', mixName: 'Extended Mix', lengthMs: 61_400 }]);
    expect(toM3u('Chart', playlist.tracks)).toBe('#EXTM3U\n#PLAYLIST:Chart\n#EXTINF:61,A - Line Break (Extended Mix)\nhttps://music.youtube.com/watch?v=x1\n');
  });
});
