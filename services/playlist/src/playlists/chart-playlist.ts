// What a chart's playlist is: its matched videos in chart order (a video twice is kept once,
// at its first position), the tracks left out and why, and how it is titled and written.

export interface ChartEntry {
  position: number;
  trackKey: string;
  title: string;
  mixName: string | null;
  artists: string[];
  remixers: string[];
  lengthMs: number | null;
  matchStatus: string | null;
  videoId: string | null;
  matchScore: number | null;
}

export type PlaylistTrack = ChartEntry & { videoId: string };

export interface UnmatchedTrack {
  position: number;
  trackKey: string;
  title: string;
  mixName: string | null;
  artists: string[];
  /** not_found, failed, needs_review, or null when the track was never looked up. */
  status: string | null;
}

export interface DuplicateVideo {
  position: number;
  trackKey: string;
  videoId: string;
  /** The chart position where the video is kept. */
  keptAt: number;
}

export interface OrderedPlaylist {
  tracks: PlaylistTrack[];
  unmatched: UnmatchedTrack[];
  duplicates: DuplicateVideo[];
}

export function orderedPlaylist(entries: readonly ChartEntry[]): OrderedPlaylist {
  const tracks: PlaylistTrack[] = [];
  const unmatched: UnmatchedTrack[] = [];
  const duplicates: DuplicateVideo[] = [];
  const keptAt = new Map<string, number>();
  for (const entry of [...entries].sort((a, b) => a.position - b.position)) {
    const { videoId } = entry;
    if (entry.matchStatus !== 'matched' || !videoId) {
      unmatched.push({
        position: entry.position,
        trackKey: entry.trackKey,
        title: entry.title,
        mixName: entry.mixName,
        artists: entry.artists,
        status: entry.matchStatus,
      });
    } else if (keptAt.has(videoId)) {
      duplicates.push({ position: entry.position, trackKey: entry.trackKey, videoId, keptAt: keptAt.get(videoId)! });
    } else {
      keptAt.set(videoId, entry.position);
      tracks.push({ ...entry, videoId });
    }
  }
  return { tracks, unmatched, duplicates };
}

/** YouTube refuses titles over 150 characters and angle brackets. */
export function renderTitle(template: string, fields: { chart: string; date: string; ref: string }): string {
  const title = template.replace(/\{(chart|date|ref)\}/g, (_, field: keyof typeof fields) => fields[field]).replace(/[<>]/g, '');
  return [...title].slice(0, 150).join('');
}

export function youtubeMusicUrl(videoId: string): string {
  return `https://music.youtube.com/watch?v=${encodeURIComponent(videoId)}`;
}

export function youtubePlaylistUrl(playlistId: string): string {
  return `https://www.youtube.com/playlist?list=${encodeURIComponent(playlistId)}`;
}

/** `Artist A, Artist B - Title (Mix Name)` */
export function displayName(track: Pick<ChartEntry, 'artists' | 'title' | 'mixName'>): string {
  return `${track.artists.join(', ')} - ${track.title}${track.mixName ? ` (${track.mixName})` : ''}`;
}

/** An extended M3U of YouTube Music links, one per track, in chart order. */
export function toM3u(title: string, tracks: readonly PlaylistTrack[]): string {
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
  const lines = ['#EXTM3U', `#PLAYLIST:${oneLine(title)}`];
  for (const track of tracks) {
    const seconds = track.lengthMs === null ? -1 : Math.round(track.lengthMs / 1000);
    lines.push(`#EXTINF:${seconds},${oneLine(displayName(track))}`, youtubeMusicUrl(track.videoId));
  }
  return `${lines.join('\n')}\n`;
}
