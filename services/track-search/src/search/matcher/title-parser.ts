// Reads a release title the way a DJ would: the song's own title, who is featured, and
// which version it is (original, extended, radio edit, a remix by whom, live, sped up…).
// Used for YouTube Music candidates ("Viento (Extended Mix)", "Fresku - Eind Hoger (prod.
// Teemong)") and for Beatport mix names ("Phaxe Remix", "Original Mix").
import { fold, tokens } from './normalize';

export type VersionTag =
  | 'original'
  | 'extended'
  | 'radio'
  | 'club'
  | 'vip'
  | 'live'
  | 'cover'
  | 'karaoke'
  | 'instrumental'
  | 'acapella'
  | 'sped_up'
  | 'slowed'
  | 'nightcore'
  | 'acoustic'
  | 'altered'
  | 'mixed'
  | 'remaster';

export interface Version {
  tags: VersionTag[];
  /** A remix, rework, re-edit, bootleg or flip, credited or not. */
  remix: boolean;
  /** Folded names credited for the remix ("avalon and tristan"), when the title says. */
  remixCredit: string | null;
  /** A named mix that is neither generic nor a remix ("festival", "dub", "vocal"), folded. */
  namedMix: string | null;
}

export interface ParsedTitle {
  /** The song's own title, folded, without version, featured artists or noise. */
  title: string;
  /** Other readings of the title ("artist - title" read the other way, with a subtitle kept). */
  readings: string[];
  /** Folded text left of an "Artist - Title" dash, when there is one. */
  artistPrefix: string | null;
  /** Folded names after feat. / ft. / featuring / with. */
  featured: string[];
  version: Version;
  /** The whole title folded: where artist and remixer names are looked for. */
  folded: string;
}

const ALTERATIONS: [VersionTag, RegExp][] = [
  ['live', /\blive\b|\bfull set\b|\bdj set\b|\blive set\b|\bboiler room\b|\bin concert\b/],
  ['cover', /\bcover\b|\bcovered by\b|\btribute\b/],
  ['karaoke', /\bkaraoke\b|\bin the style of\b|\bsing along\b/],
  ['instrumental', /\binstrumental\b/],
  ['acapella', /\ba ?capp?ella\b|\bvocals? only\b/],
  ['sped_up', /\bsped up\b|\bspeed up\b|\bspeedup\b|\bsped\b|\bfaster\b/],
  ['slowed', /\bslowed\b|\breverb\b|\bslow version\b/],
  ['nightcore', /\bnightcore\b/],
  ['acoustic', /\bacoustic\b|\bunplugged\b|\bpiano version\b/],
  ['altered', /\b8d\b|\bbass boosted\b|\bbassboosted\b/],
  ['mixed', /^mixed$|\bmixed by\b|\bcontinuous mix\b|\bmixed version\b/],
  ['remaster', /\bremaster(ed)?\b/],
];

/** Alterations that show even outside brackets ("Astrix live at Ozora 2019", "SONG sped up"). */
const LOOSE_ALTERATIONS: [VersionTag, RegExp][] = [
  ['live', /\blive (at|from|in|on|@)\b|\blive set\b|\bfull set\b|\bdj set\b|\bboiler room\b/],
  ['sped_up', /\bsped up\b|\bspeed up\b/],
  ['slowed', /\bslowed\b/],
  ['nightcore', /\bnightcore\b/],
  ['karaoke', /\bkaraoke\b/],
  ['cover', /\bcover\b/],
  ['altered', /\b8d audio\b|\bbass boosted\b/],
];

const MIX_KINDS: [VersionTag, RegExp][] = [
  ['extended', /\bextended\b|\b12 (inch )?(mix|version)\b/],
  ['radio', /\bradio\b|\bshort (edit|version|mix)\b|\bsingle (edit|version)\b|^(clean )?edit$/],
  ['club', /\bclub\b/],
  ['original', /\boriginal\b/],
  ['vip', /\bvip\b/],
];

const REMIX_WORD = /\b(remix|rmx|re mix|rework|reworked|re edit|bootleg|flip|refix|remake|reinterpretation|remode|mashup|remixed)\b/;

/** Words that describe a kind of mix, not who made it. */
const GENERIC_MIX_WORDS = new Set([
  'original', 'extended', 'radio', 'club', 'main', 'album', 'single', 'short', 'long', 'full', 'edit', 'edited',
  'version', 'mix', 'the', 'official', 'vip', 'clean', 'dirty', 'explicit', 'new', 'remastered', 'remaster',
  'uk', 'us', 'vocal', 'instrumental', 'dub', 'a', 'an', 'my', 'and',
]);

const NOISE = new RegExp(
  [
    'official', 'video', 'visuali[sz]er', 'lyrics?', 'letra', 'audio', 'hd', 'hq', '4k', 'clip', 'premiere',
    'out now', 'free download', 'explicit', 'clean', 'prod', 'produced by', 'music video', 'videoclip',
    'full song', 'free dl',
  ]
    .map((word) => `\\b${word}\\b`)
    .join('|'),
);

const FEATURING = /^(?:feat|ft|featuring|with)\b\.?\s*(.+)$/i;
const FEATURING_INSIDE = /\s+(?:feat\.?|ft\.?|featuring)\s+/i;

function emptyVersion(): Version {
  return { tags: [], remix: false, remixCredit: null, namedMix: null };
}

function addTag(version: Version, tag: VersionTag): void {
  if (!version.tags.includes(tag)) version.tags.push(tag);
}

function merge(into: Version, from: Version): void {
  for (const tag of from.tags) addTag(into, tag);
  into.remix ||= from.remix;
  into.remixCredit ??= from.remixCredit;
  into.namedMix ??= from.namedMix;
}

/** Names in front of a keyword, without the words that only describe the mix. */
function creditBefore(words: string[]): string | null {
  let end = words.length;
  while (end > 0 && GENERIC_MIX_WORDS.has(words[end - 1]!)) end--;
  let start = 0;
  while (start < end && GENERIC_MIX_WORDS.has(words[start]!)) start++;
  const credit = words.slice(start, end).join(' ');
  return credit || null;
}

/**
 * What a bracketed or dash-separated part of a title says about the version, or null
 * when it is not a version at all (a subtitle, a label name).
 */
export function parseVersionDescriptor(text: string): Version | null {
  // "Armin's Remix": the possessive is not part of the name.
  const folded = fold(text.replace(/['’]s\b/gi, ''));
  if (!folded) return null;
  const version = emptyVersion();
  let recognised = false;
  for (const [tag, pattern] of [...ALTERATIONS, ...MIX_KINDS]) {
    if (pattern.test(folded)) {
      addTag(version, tag);
      recognised = true;
    }
  }
  const words = tokens(folded);
  const remixWord = folded.match(REMIX_WORD);
  if (remixWord) {
    version.remix = true;
    recognised = true;
    const by = folded.match(/\b(?:remix(?:ed)?|rework(?:ed)?|edit(?:ed)?) by (.+)$/);
    version.remixCredit = by ? by[1]! : creditBefore(tokens(folded.slice(0, remixWord.index).trim()));
  } else if (words.at(-1) === 'edit' && words.length > 1) {
    const credit = creditBefore(words.slice(0, -1));
    // "Radio Edit", "Club Edit" are kinds of mix; "Tristan Edit" is a re-edit by Tristan.
    if (credit && !version.tags.some((tag) => ['radio', 'club', 'extended', 'original', 'vip'].includes(tag))) {
      version.remix = true;
      version.remixCredit = credit;
    } else if (!version.tags.length) addTag(version, 'radio');
    recognised = true;
  } else if (/\b(mix|version|dub)$/.test(folded) || folded === 'dub') {
    recognised = true;
    const named = creditBefore(words.slice(0, words.at(-1) === 'dub' ? words.length : -1));
    const isAlterationOnly = version.tags.some((tag) => !['original', 'extended', 'radio', 'club', 'vip'].includes(tag));
    if (words.at(-1) === 'dub' && !named) version.namedMix = 'dub';
    else if (named && !isAlterationOnly) version.namedMix = named;
    else if (['dub', 'vocal'].some((word) => words.includes(word)) && !version.namedMix) {
      version.namedMix = words.find((word) => word === 'dub' || word === 'vocal')!;
    }
  }
  return recognised ? version : null;
}

interface Segment {
  text: string;
  bracketed: boolean;
}

function splitSegments(raw: string): { main: string; segments: Segment[] } {
  const segments: Segment[] = [];
  let main = raw;
  const bracket = /[([{【]([^()[\]{}【】]*)[)\]}】]/u;
  for (let match = main.match(bracket); match; match = main.match(bracket)) {
    if (match[1]!.trim()) segments.push({ text: match[1]!.trim(), bracketed: true });
    main = `${main.slice(0, match.index)} ${main.slice(match.index! + match[0].length)}`;
  }
  return { main: main.replace(/\s+/g, ' ').trim(), segments };
}

/** "Oasis - Live Forever": after a dash, "live" alone does not make a version. */
function isSongTitleWithVersionWord(part: string, descriptor: Version): boolean {
  const onlyLive = descriptor.tags.length === 1 && descriptor.tags[0] === 'live' && !descriptor.remix && !descriptor.namedMix;
  return onlyLive && !/^live(\b (at|from|in|on|@)\b.*| version| set| session| performance)?$/.test(fold(part));
}

function isNoise(text: string): boolean {
  return NOISE.test(fold(text));
}

/** Reads a title: `Title (feat. X) [Y Remix]`, `Artist - Title - Radio Edit`, `Title | Label`. */
export function parseTitle(raw: string): ParsedTitle {
  const text = raw.normalize('NFKC').trim();
  const { main, segments } = splitSegments(text);
  const version = emptyVersion();
  const featured: string[] = [];
  const subtitles: string[] = [];

  for (const segment of segments) {
    const featuring = segment.text.match(FEATURING);
    if (featuring) {
      featured.push(fold(featuring[1]!));
      continue;
    }
    const descriptor = parseVersionDescriptor(segment.text);
    if (descriptor) merge(version, descriptor);
    else if (!isNoise(segment.text)) subtitles.push(fold(segment.text));
  }

  // "Artist - Title - Extended Mix", "Title | Label": dashes and bars separate parts.
  const parts: string[] = [];
  for (const part of main.split(/\s+[-–—~|•]\s+|\s+[-–—]|[-–—]\s+/u)) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const descriptor = parseVersionDescriptor(trimmed);
    const looksLikeDescriptor = descriptor && tokens(fold(trimmed)).length <= 6 && !isSongTitleWithVersionWord(trimmed, descriptor);
    if (looksLikeDescriptor && parts.length > 0) {
      merge(version, descriptor);
      continue;
    }
    if (parts.length > 0 && isNoise(trimmed) && tokens(fold(trimmed)).length <= 4) continue;
    const [beforeFeaturing, ...afterFeaturing] = trimmed.split(FEATURING_INSIDE);
    if (afterFeaturing.length) featured.push(...afterFeaturing.map(fold));
    parts.push(fold(beforeFeaturing!));
  }
  const titleParts = parts.filter(Boolean);

  const folded = fold(text);
  for (const [tag, pattern] of LOOSE_ALTERATIONS) if (pattern.test(folded)) addTag(version, tag);

  let title = titleParts.join(' ');
  let artistPrefix: string | null = null;
  const readings: string[] = [];
  if (titleParts.length >= 2) {
    artistPrefix = titleParts[0]!;
    title = titleParts.slice(1).join(' ');
    readings.push(titleParts.join(' '), titleParts[0]!);
  }
  if (subtitles.length) readings.push(`${title} ${subtitles.join(' ')}`);
  return { title, readings, artistPrefix, featured, version, folded };
}
