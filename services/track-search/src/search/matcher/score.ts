// Scores one YouTube Music candidate against a Beatport track: title, artists, version
// and duration, each 0..1, plus the rules that reject a candidate outright (a live set,
// another remixer's remix) or keep it for review (a radio edit of an extended mix).
import { containsPhrase, fold, foldArtist, titleSimilarity, tokens, unmatchedWords } from './normalize';
import { parseTitle, parseVersionDescriptor, ParsedTitle, Version, VersionTag } from './title-parser';
import { Candidate, CandidateScore, MatchableTrack, VersionVerdict } from './types';

export const WEIGHTS = { title: 0.35, artist: 0.25, version: 0.2, duration: 0.15, kind: 0.05 } as const;

/** Versions that are a different recording of the song, never what a DJ chart means. */
const ALTERATIONS: VersionTag[] = [
  'live', 'cover', 'karaoke', 'instrumental', 'acapella', 'sped_up', 'slowed', 'nightcore', 'acoustic', 'altered',
];

const ALTERATION_LABEL: Partial<Record<VersionTag, string>> = {
  live: 'live', cover: 'cover', karaoke: 'karaoke', instrumental: 'instrumental', acapella: 'vocals-only',
  sped_up: 'sped-up', slowed: 'slowed', nightcore: 'nightcore', acoustic: 'acoustic', altered: '8D / bass-boosted',
};

/** The Beatport track, read once for all its candidates. */
export interface PreparedTrack {
  title: string;
  readings: string[];
  artists: string[];
  remixers: string[];
  featured: string[];
  version: Version;
  lengthSeconds: number | null;
  versionLabel: string;
  /** Words a candidate's title may carry besides the song title: credited names and version words. */
  explainedWords: Set<string>;
}

const VERSION_WORDS = ['original', 'mix', 'extended', 'edit', 'version', 'official', 'video', 'audio', 'lyrics', 'lyric', 'hq', 'hd', 'remastered', 'the', 'a', 'and'];

type MixKind = 'extended' | 'radio' | 'club' | 'vip' | 'original' | 'plain';

export function prepareTrack(track: MatchableTrack): PreparedTrack {
  const parsedTitle = parseTitle(track.title);
  const version: Version = { ...parsedTitle.version, tags: [...parsedTitle.version.tags] };
  const mix = track.mixName?.trim() ? parseVersionDescriptor(track.mixName) : null;
  if (mix) {
    for (const tag of mix.tags) if (!version.tags.includes(tag)) version.tags.push(tag);
    version.remix ||= mix.remix;
    version.remixCredit ??= mix.remixCredit;
    version.namedMix ??= mix.namedMix;
  }
  const remixers = track.remixers.map(foldArtist).filter(Boolean);
  // Beatport names the remixers; a "X Mix" by a credited remixer is a remix too.
  if (!version.remix && remixers.length && version.namedMix && remixers.some((name) => containsPhrase(version.namedMix!, name))) {
    version.remix = true;
    version.remixCredit = version.namedMix;
    version.namedMix = null;
  }
  if (version.remix && version.remixCredit && !remixers.length) remixers.push(version.remixCredit);
  const artists = track.artists.map(foldArtist).filter(Boolean);
  const explainedWords = new Set([...VERSION_WORDS, ...[...artists, ...remixers, ...parsedTitle.featured].flatMap(tokens)]);
  return {
    title: parsedTitle.title,
    readings: parsedTitle.readings,
    artists,
    remixers,
    featured: parsedTitle.featured,
    version,
    lengthSeconds: track.lengthMs ? track.lengthMs / 1000 : null,
    versionLabel: track.mixName?.trim() || 'no mix name',
    explainedWords,
  };
}

function mixKind(version: Version): MixKind {
  for (const kind of ['vip', 'radio', 'extended', 'club', 'original'] as const) if (version.tags.includes(kind)) return kind;
  return 'plain';
}

/** How well a candidate's edit fits the source's edit, when both are the same mix. */
const MIX_FIT: Record<Exclude<MixKind, 'plain'> | 'plain', Record<MixKind, number>> = {
  extended: { extended: 1, original: 0.85, plain: 0.8, club: 0.4, radio: 0, vip: 0 },
  original: { original: 1, plain: 1, extended: 0.85, club: 0.4, radio: 0.1, vip: 0 },
  plain: { original: 1, plain: 1, extended: 0.85, club: 0.6, radio: 0.3, vip: 0 },
  radio: { radio: 1, plain: 0.85, original: 0.6, club: 0.4, extended: 0.2, vip: 0 },
  club: { club: 1, extended: 0.8, original: 0.7, plain: 0.7, radio: 0.1, vip: 0 },
  vip: { vip: 1, extended: 0.1, original: 0.1, plain: 0.1, club: 0.1, radio: 0 },
};

interface VersionFit {
  score: number;
  verdict: VersionVerdict;
  reason: string | null;
}

function worst(a: VersionFit, b: VersionFit): VersionFit {
  const order: VersionVerdict[] = ['same', 'compatible', 'mismatch', 'rejected'];
  const verdict = order[Math.max(order.indexOf(a.verdict), order.indexOf(b.verdict))]!;
  return { score: Math.min(a.score, b.score), verdict, reason: a.reason ?? b.reason };
}

function fit(score: number, reason: string | null = null): VersionFit {
  if (score >= 0.95) return { score, verdict: 'same', reason };
  if (score >= 0.5) return { score, verdict: 'compatible', reason };
  return { score, verdict: 'mismatch', reason };
}

/** Words in a remix credit that name nobody. */
const CREDIT_FILLER = new Set(['and', 'x', 'vs', 'with', 'feat', 'ft', 'featuring', 'b2b', 'festival', 'tech', 'dub', 'vocal', 'club', 'main', 'rework', 'bootleg']);

/**
 * Whether a candidate's remix credit names the source's remix: Beatport's own credit
 * ("Tiësto's In Search Of Sunrise"), or some of its remixers and nobody else — a joint
 * remix "Vini Vici & Tristan" is not the "Vini Vici Remix".
 */
function sameRemixCredit(credit: string, source: PreparedTrack): boolean {
  if (source.version.remixCredit && titleSimilarity(credit, source.version.remixCredit) >= 0.9) return true;
  let rest = ` ${credit} `;
  let named = false;
  for (const name of source.remixers) {
    if (containsPhrase(rest.trim(), name)) {
      named = true;
      rest = rest.replace(` ${name} `, ' ').replace(` ${name.replace(/ /g, '')} `, ' ');
    }
  }
  if (!named) return source.remixers.some((name) => containsPhrase(name, credit));
  return tokens(rest.trim()).every((word) => CREDIT_FILLER.has(word) || /^\d+$/.test(word));
}

function compareVersions(source: PreparedTrack, candidate: ParsedTitle, artistField: string): VersionFit {
  const theirs = candidate.version;
  const ours = source.version;
  for (const tag of theirs.tags) {
    if (ALTERATIONS.includes(tag) && !ours.tags.includes(tag)) {
      const label = ALTERATION_LABEL[tag]!;
      return { score: 0, verdict: 'rejected', reason: `${/^[aeiou8]/.test(label) ? 'an' : 'a'} ${label} version` };
    }
  }
  let result = fit(1);
  for (const tag of ours.tags) {
    if (ALTERATIONS.includes(tag) && !theirs.tags.includes(tag)) {
      result = worst(result, fit(0.3, `not the ${ALTERATION_LABEL[tag]} version`));
    }
  }

  const credited = theirs.remixCredit ?? (theirs.remix ? null : theirs.namedMix);
  const namesRemixer = (text: string | null) =>
    !!text && source.remixers.some((name) => containsPhrase(text, name) || containsPhrase(name, text));
  if (ours.remix) {
    if (theirs.remix && credited) {
      if (!sameRemixCredit(credited, source)) {
        return { score: 0, verdict: 'rejected', reason: `remix by ${credited}, not by ${source.remixers.join(' & ')}` };
      }
    } else if (theirs.remix) {
      result = worst(result, namesRemixer(artistField) || namesRemixer(candidate.folded) ? fit(0.85) : fit(0.4, 'an uncredited remix'));
    } else if (theirs.namedMix && sameRemixCredit(theirs.namedMix, source)) {
      result = worst(result, fit(1));
    } else if (theirs.namedMix) {
      result = worst(result, fit(0.2, `the ${theirs.namedMix} mix, not the remix`));
    } else if (namesRemixer(artistField)) {
      result = worst(result, fit(0.6, 'the remixer is credited but the title names no remix'));
    } else {
      result = worst(result, fit(0.1, 'the original, not the remix'));
    }
  } else {
    if (theirs.remix) {
      return { score: 0, verdict: 'rejected', reason: `a remix${credited ? ` by ${credited}` : ''}, not the ${source.versionLabel}` };
    }
    if (theirs.namedMix && theirs.namedMix !== ours.namedMix) {
      result = worst(result, fit(0.25, `the ${theirs.namedMix} mix`));
    } else if (ours.namedMix && theirs.namedMix !== ours.namedMix) {
      result = worst(result, fit(0.55, `not labelled ${ours.namedMix} mix`));
    }
  }

  const ourKind = mixKind(ours);
  const theirKind = mixKind(theirs);
  const mixScore = MIX_FIT[ourKind][theirKind];
  const label = theirKind === 'plain' ? 'no mix name' : `${theirKind} mix`;
  return worst(result, fit(mixScore, mixScore < 0.5 ? `${label} for ${source.versionLabel}` : null));
}

function durationScore(source: PreparedTrack, candidate: Candidate): { score: number | null; concern: string | null } {
  if (source.lengthSeconds === null || candidate.durationSeconds === null) return { score: null, concern: null };
  const delta = Math.abs(candidate.durationSeconds - source.lengthSeconds);
  const tolerance = Math.max(4, 0.025 * source.lengthSeconds);
  const score = delta <= tolerance ? 1 : Math.max(0, 1 - (delta - tolerance) / Math.max(30, 0.15 * source.lengthSeconds));
  const tooFar = delta > Math.max(20, 0.08 * source.lengthSeconds);
  return { score, concern: tooFar ? `duration differs by ${Math.round(delta)} s` : null };
}

function artistScore(source: PreparedTrack, candidate: ParsedTitle, artistField: string): number {
  const everywhere = `${artistField} ${candidate.folded}`;
  const share = source.artists.filter((name) => containsPhrase(everywhere, name)).length / Math.max(1, source.artists.length);
  if (source.artists.some((name) => containsPhrase(artistField, name))) return 0.85 + 0.15 * share;
  if (share > 0) return 0.8 + 0.1 * share;
  if (source.version.remix && source.remixers.some((name) => containsPhrase(everywhere, name))) return 0.75;
  if (source.featured.some((name) => containsPhrase(artistField, name))) return 0.6;
  return artistField ? 0 : 0.35;
}

function versionLabelOf(parsed: ParsedTitle): string {
  const version = parsed.version;
  const words: string[] = [];
  if (version.remix) words.push(version.remixCredit ? `remix by ${version.remixCredit}` : 'remix');
  if (version.namedMix) words.push(`${version.namedMix} mix`);
  words.push(...version.tags);
  return words.join(', ') || 'no mix name';
}

export function scoreCandidate(source: PreparedTrack, candidate: Candidate): CandidateScore {
  const parsed = parseTitle(candidate.name);
  const artistField = fold(candidate.artist);
  const concerns: string[] = [];

  const sourceReadings = [source.title, ...source.readings];
  const candidateReadings = [parsed.title, ...parsed.readings];
  let title = 0;
  for (const ours of sourceReadings) {
    for (const theirs of candidateReadings) {
      // Every word one title has and the other lacks makes another song likelier ("X Anthem", "X Part 2").
      const unmatched = unmatchedWords(ours, theirs, source.explainedWords);
      title = Math.max(title, Math.min(titleSimilarity(ours, theirs), 1 - 0.25 * unmatched));
    }
  }

  const artist = artistScore(source, parsed, artistField);
  const version = compareVersions(source, parsed, artistField);
  const duration = durationScore(source, candidate);
  const kind = candidate.kind === 'song' ? 1 : 0;

  if (title < 0.8) concerns.push(`title differs (${title.toFixed(2)})`);
  if (artist < 0.5) concerns.push(artistField ? `artist "${candidate.artist}" is not a credited artist` : 'artist unknown');
  if (version.verdict === 'mismatch') concerns.push(version.reason ?? 'another version');
  if (duration.concern) concerns.push(duration.concern);

  const score =
    WEIGHTS.title * title +
    WEIGHTS.artist * artist +
    WEIGHTS.version * version.score +
    WEIGHTS.duration * (duration.score ?? 0.5) +
    WEIGHTS.kind * kind;
  return {
    videoId: candidate.videoId,
    name: candidate.name,
    artist: candidate.artist,
    kind: candidate.kind,
    durationSeconds: candidate.durationSeconds,
    score: Math.round(score * 1000) / 1000,
    parts: {
      title: round(title),
      artist: round(artist),
      version: round(version.score),
      duration: duration.score === null ? null : round(duration.score),
      kind,
    },
    version: { candidate: versionLabelOf(parsed), verdict: version.verdict, tags: parsed.version.tags },
    rejected: version.verdict === 'rejected' ? version.reason : null,
    concerns,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
