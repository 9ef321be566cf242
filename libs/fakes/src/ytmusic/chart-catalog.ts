// What the fake YouTube Music holds for a chart it has never seen: for each Beatport
// track, a deterministic list of uploads like the ones a real search returns — the right
// upload among wrong versions (a radio edit, another remixer's remix, the original of a
// remix, a live set, a sped-up upload, a same-titled song by someone else), and for
// some tracks no right upload at all.
import { ResultArtist, ResultItem } from './innertube-response';
import { hash, seededRandom, seededVideoId } from '../seeded-random';

/** The searchable fields of a Beatport track (a SearchableTrack fits). */
export interface CatalogTrack {
  beatportId: number;
  title: string;
  mixName: string | null;
  artists: string[];
  remixers: string[];
  lengthMs: number | null;
}

export type CatalogRole =
  | 'right'
  | 'right_reissue'
  | 'right_video'
  | 'radio_edit'
  | 'original_of_remix'
  | 'other_remix'
  | 'live_set'
  | 'sped_up'
  | 'same_title_other_artist';

export interface CatalogEntry extends ResultItem {
  role: CatalogRole;
}

const OTHER_REMIXERS = ['Vertical Mode', 'Ranji', 'Captain Hook', 'Major7', 'Tristan', 'Symphonix', 'Ritmo', 'Neelix', 'Blastoyz', 'Liquid Soul'];
const OTHER_ARTISTS = ['Maya Lindqvist', 'The Night Owls', 'Coastal Drive', 'DJ Fernando', 'Luna Park Orchestra', 'Kairo'];
const FESTIVALS = ['Ozora Festival', 'Tomorrowland', 'Boom Festival', 'Universo Paralello', 'Awakenings'];
const LABEL_CHANNELS = ['Iboga Records', 'Nano Records', 'TIP Records', 'Psytrance Network', 'Spinnin\' Records'];

/** An 11-character YouTube-style id, the same for the same seed. */
export function fakeVideoId(seed: string): string {
  return seededVideoId(`video:${seed}`);
}

function channelId(name: string): string {
  return `UC${fakeVideoId(`channel:${name}`)}${fakeVideoId(`channel2:${name}`)}`.slice(0, 24);
}

function artist(name: string, pageType: ResultArtist['pageType'] = 'MUSIC_PAGE_TYPE_ARTIST'): ResultArtist {
  return { name, browseId: channelId(name), pageType };
}

function simplify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function cleanArtist(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '').trim();
}

function isOriginal(mixName: string | null): boolean {
  return !mixName?.trim() || /^original( mix)?$/i.test(mixName.trim());
}

function isRemix(track: CatalogTrack): boolean {
  return /remix|rework|edit|bootleg|flip/i.test(track.mixName ?? '') && !/radio edit/i.test(track.mixName ?? '');
}

export class ChartCatalog {
  private readonly tracks: CatalogTrack[];
  private readonly cache = new Map<number, CatalogEntry[]>();

  /** `absentEvery`: one track in that many has no right upload at all (hash-chosen). */
  constructor(tracks: readonly CatalogTrack[], private readonly absentEvery = 12) {
    this.tracks = [...tracks];
  }

  /** The track a search query is about: the one whose title words all appear, its artists breaking ties. */
  trackForQuery(query: string): CatalogTrack | undefined {
    const words = new Set(simplify(query).split(' '));
    let best: { track: CatalogTrack; score: number } | undefined;
    for (const track of this.tracks) {
      const titleWords = simplify(track.title.replace(/\([^)]*\)/g, '')).split(' ').filter(Boolean);
      if (!titleWords.length || !titleWords.every((word) => words.has(word))) continue;
      const artistWords = track.artists.flatMap((name) => simplify(cleanArtist(name)).split(' '));
      const mixWords = simplify(track.mixName ?? '').split(' ').filter(Boolean);
      const score =
        titleWords.length * 2 + artistWords.filter((word) => words.has(word)).length + mixWords.filter((word) => words.has(word)).length;
      if (!best || score > best.score) best = { track, score };
    }
    return best?.track;
  }

  hasRightUpload(track: CatalogTrack): boolean {
    return hash(`absent:${track.beatportId}`) % this.absentEvery !== 0;
  }

  /** The upload a good matcher should pick (the label's song), or null when the catalog holds none. */
  expectedVideoId(track: CatalogTrack): string | null {
    return this.entriesFor(track).find((entry) => entry.role === 'right')?.videoId ?? null;
  }

  results(track: CatalogTrack, kind: 'song' | 'video'): ResultItem[] {
    return this.entriesFor(track).filter((entry) => entry.kind === kind);
  }

  entriesFor(track: CatalogTrack): CatalogEntry[] {
    const cached = this.cache.get(track.beatportId);
    if (cached) return cached;
    const entries = this.build(track);
    this.cache.set(track.beatportId, entries);
    return entries;
  }

  private build(track: CatalogTrack): CatalogEntry[] {
    const next = seededRandom(`catalog:${track.beatportId}`);
    const chance = (p: number) => next() < p;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const title = track.title.trim();
    const mix = track.mixName?.trim() ?? '';
    const artists = track.artists.map(cleanArtist);
    const length = track.lengthMs ? track.lengthMs / 1000 : 240 + Math.floor(next() * 240);
    const jitter = () => Math.round(length + (next() * 4 - 2));
    let serial = 0;
    const entry = (role: CatalogRole, kind: 'song' | 'video', fields: Omit<ResultItem, 'kind' | 'videoId' | 'popularity'>): CatalogEntry => ({
      role,
      kind,
      videoId: fakeVideoId(`${track.beatportId}:${role}:${serial++}`),
      popularity: kind === 'song' ? `${1 + Math.floor(next() * 900)}k plays` : `${1 + Math.floor(next() * 90)}k views`,
      ...fields,
    });
    const album = (name: string) => ({ name, browseId: `MPREb_${fakeVideoId(`album:${name}`)}` });
    const credited = artists.slice(0, 1 + Math.floor(next() * artists.length)).map((name) => artist(name));
    const versioned = isOriginal(mix) ? (chance(0.3) ? `${title} (Original Mix)` : title) : chance(0.75) ? `${title} (${mix})` : `${title} - ${mix}`;

    const songs: CatalogEntry[] = [];
    const videos: CatalogEntry[] = [];
    if (this.hasRightUpload(track)) {
      songs.push(entry('right', 'song', { title: versioned, artists: credited, album: album(versioned), durationSeconds: jitter() }));
      if (chance(0.2)) {
        songs.push(entry('right_reissue', 'song', { title: versioned, artists: credited, album: album(`${pick(LABEL_CHANNELS)} Best Of`), durationSeconds: jitter() }));
      }
      if (chance(0.6)) {
        const uploader = chance(0.5) ? artist(artists[0]!) : artist(pick(LABEL_CHANNELS), 'MUSIC_PAGE_TYPE_USER_CHANNEL');
        videos.push(entry('right_video', 'video', { title: `${artists.join(' & ')} - ${versioned}`, artists: [uploader], album: null, durationSeconds: jitter() }));
      }
    }
    if ((isOriginal(mix) || /extended/i.test(mix)) && chance(0.6)) {
      songs.push(entry('radio_edit', 'song', { title: `${title} (Radio Edit)`, artists: credited, album: album(`${title} (Radio Edit)`), durationSeconds: Math.round(length * (0.5 + next() * 0.1)) }));
    }
    if (isRemix(track) && chance(0.7)) {
      songs.push(entry('original_of_remix', 'song', { title: chance(0.5) ? title : `${title} (Original Mix)`, artists: credited, album: album(title), durationSeconds: Math.round(length * (0.85 + next() * 0.3)) }));
    }
    if (chance(0.5)) {
      const taken = new Set(track.remixers.map((name) => simplify(cleanArtist(name))));
      const remixer = pick(OTHER_REMIXERS.filter((name) => !taken.has(simplify(name))));
      songs.push(entry('other_remix', 'song', { title: `${title} (${remixer} Remix)`, artists: credited, album: album(`${title} (Remixes)`), durationSeconds: Math.round(length + (next() * 120 - 60)) }));
    }
    if (chance(0.35)) {
      songs.push(entry('sped_up', 'song', { title: `${title} (Sped Up)`, artists: [artist(artists[0]!)], album: null, durationSeconds: Math.round(length * 0.8) }));
    }
    if (chance(0.4)) {
      songs.push(entry('same_title_other_artist', 'song', { title, artists: [artist(pick(OTHER_ARTISTS))], album: album(title), durationSeconds: 150 + Math.floor(next() * 120) }));
    }
    if (chance(0.5)) {
      videos.push(entry('live_set', 'video', { title: `${artists[0]} live @ ${pick(FESTIVALS)} ${2019 + Math.floor(next() * 6)} (Full Set)`, artists: [artist(artists[0]!)], album: null, durationSeconds: 3600 + Math.floor(next() * 3600) }));
    }
    // The right upload is rarely last, seldom first: shuffle, then keep it in the top three.
    const shuffle = (list: CatalogEntry[]) => {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      const right = list.findIndex((item) => item.role === 'right');
      if (right > 2) list.splice(Math.floor(next() * 3), 0, ...list.splice(right, 1));
      return list;
    };
    return [...shuffle(songs), ...shuffle(videos)];
  }
}
