// Builds tests/fixtures/matching/evaluation-set.json: for every track (the Beatport
// Top 100 fixture and the written tracks), the results a YouTube Music search returns,
// in the shapes seen in the recorded answers and on the service — the right upload
// written in one of several ways, and wrong ones: radio edits, the original of a remix,
// other remixers' remixes, live sets, sped-up / slowed / nightcore uploads, covers,
// karaoke, same-titled songs by others — each labelled. Some tracks get no right upload
// at all, some only a video of it. Deterministic (seeded by the track id), so the set is
// rebuilt byte for byte; the hand-made cases are merged in as they are.
//
//   bash bench/match-eval/run.sh --build-set
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { hash, seededRandom, seededVideoId } from '../../libs/fakes/src/seeded-random';
import type { CandidateLabel, EvaluationCase, EvaluationSet, LabelledCandidate } from '../../services/track-search/src/search/evaluation/evaluate';

interface SourceTrack {
  beatportId: number;
  title: string;
  mixName: string | null;
  artists: string[];
  remixers: string[];
  lengthMs: number | null;
}

/** The repository root, wherever this file was compiled to. */
function repositoryRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${__dirname}`);
  }
}

const FIXTURES = join(repositoryRoot(), 'tests/fixtures/matching');

function videoId(seed: string): string {
  return seededVideoId(`id:${seed}`);
}

const OTHER_REMIXERS = ['Vertical Mode', 'Ranji', 'Captain Hook', 'Major7', 'Symphonix', 'Ritmo', 'Neelix', 'Blastoyz', 'Liquid Soul', 'Tale Of Us', 'Mind Against', 'Kream', 'John Summit', 'Argy', 'Maddix', 'Sub Zero Project', 'Mandragora', 'Hilight Tribe', 'Boris Brejcha', 'Joris Voorn'];
const OTHER_ARTISTS = ['Maya Lindqvist', 'The Night Owls', 'Coastal Drive', 'DJ Fernando', 'Luna Park Orchestra', 'Kairo', 'Amelia Stone', 'Los Hermanos Ruiz', 'Velvet Harbor', 'Nordic Tales'];
const LABEL_CHANNELS = ['Iboga Records', 'Nano Records', 'TIP Records', 'Psytrance Network', "Spinnin' Records", 'Drumcode', 'Afterlife', 'Armada Music', 'Anjunadeep', 'Monstercat'];
const FESTIVALS = ['Ozora Festival', 'Tomorrowland', 'Boom Festival', 'Universo Paralello', 'Awakenings', 'Ultra Music Festival', 'Boiler Room'];
const COMPILATIONS = ['Psytrance Classics, Vol. 3', 'Ibiza Closing Party 2025', 'Best Of 2025', 'Essential Club Anthems', 'Winter Sampler 2025'];
const OTHER_TITLES = ['Night Drive', 'Euphoria', 'Moonlight', 'Higher Ground', 'Echoes', 'Afterglow', 'Into The Void', 'Sunrise'];

type Kind = 'original' | 'extended' | 'remix' | 'named_mix' | 'radio' | 'vip' | 'altered_source';

function kindOf(track: SourceTrack): Kind {
  const mix = (track.mixName ?? '').trim();
  if (!mix || /^original( mix)?$/i.test(mix)) return 'original';
  if (/\bvip\b/i.test(mix)) return 'vip';
  if (/\bremix\b/i.test(mix)) return 'remix';
  if (/\bextended\b/i.test(mix)) return 'extended';
  if (/\bradio\b/i.test(mix)) return 'radio';
  if (/instrumental|acoustic|sped|slowed/i.test(mix)) return 'altered_source';
  return 'named_mix';
}

function cleanArtist(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '').trim();
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/(\p{Script=Latin})\p{M}+/gu, '$1').normalize('NFC');
}

class CaseBuilder {
  readonly next: () => number;
  private serial = 0;
  readonly songs: LabelledCandidate[] = [];
  readonly videos: LabelledCandidate[] = [];
  readonly title: string;
  readonly featured: string | null;
  readonly artists: string[];
  readonly length: number;

  constructor(readonly track: SourceTrack) {
    this.next = seededRandom(`case:${track.beatportId}`);
    const feat = track.title.match(/\s*\((?:feat\.?|ft\.?) ([^)]+)\)/i);
    this.featured = feat ? feat[1]! : null;
    this.title = track.title.replace(/\s*\((?:feat\.?|ft\.?) [^)]+\)/i, '').trim();
    this.artists = track.artists.map(cleanArtist);
    this.length = track.lengthMs ? track.lengthMs / 1000 : 300;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  around(seconds: number, spread: number): number {
    return Math.max(30, Math.round(seconds + (this.next() * 2 - 1) * spread));
  }

  /** How the title is written on an upload: as is, mostly; sometimes shouted, lower-cased or without accents. */
  writtenTitle(): string {
    const roll = this.next();
    if (roll < 0.07) return this.title.toUpperCase();
    if (roll < 0.12) return this.title.toLowerCase();
    if (roll < 0.2) return stripAccents(this.title);
    return this.title;
  }

  /** The artist line of a right upload: everyone, the first only, '&' or 'x' joined, sometimes nothing readable. */
  artistLine(withRemixer = false): string {
    const names = [...this.artists];
    if (withRemixer) names.push(...this.track.remixers.map(cleanArtist));
    if (this.featured && this.chance(0.5)) names.push(this.featured);
    const roll = this.next();
    if (roll < 0.04) return '';
    if (roll < 0.3 || names.length === 1) return names[0]!;
    if (roll < 0.4) return names.join(' x ');
    if (roll < 0.55) return names.join(' & ');
    return names.length === 2 ? names.join(' & ') : `${names.slice(0, -1).join(', ')} & ${names.at(-1)}`;
  }

  versionSuffix(): string {
    const mix = (this.track.mixName ?? '').trim();
    switch (kindOf(this.track)) {
      case 'original':
        return this.pick(['', '', '', ' (Original Mix)', ' - Original Mix', ' [Original Mix]']);
      case 'extended':
        return this.pick([` (${mix})`, ` (${mix})`, ` - ${mix}`, ' (Extended)', ` [${mix}]`]);
      case 'remix': {
        const credit = mix.replace(/\s*remix$/i, '');
        const remixers = this.track.remixers.map(cleanArtist);
        const reordered = remixers.length > 1 && this.chance(0.25) ? [...remixers].reverse().join(' & ') : credit;
        return this.pick([` (${reordered} Remix)`, ` (${reordered} Remix)`, ` - ${reordered} Remix`, ` [${reordered} Remix]`, ` (${reordered} Rmx)`]);
      }
      default:
        return this.pick([` (${mix})`, ` - ${mix}`]);
    }
  }

  add(label: CandidateLabel, kind: 'song' | 'video', name: string, artist: string, durationSeconds: number | null, album: string | null = null): void {
    const candidate: LabelledCandidate = {
      videoId: videoId(`${this.track.beatportId}:${this.serial++}`),
      name,
      artist,
      album: kind === 'song' ? (album ?? name) : null,
      durationSeconds,
      kind,
      label,
    };
    (kind === 'song' ? this.songs : this.videos).push(candidate);
  }

  addRight(): void {
    const kind = kindOf(this.track);
    const featInTitle = this.featured && this.chance(0.5) ? ` (feat. ${this.featured})` : '';
    const name = `${this.writtenTitle()}${featInTitle}${this.versionSuffix()}`;
    // Most uploads are the same master to the second; some were cut or faded a little differently.
    const duration = this.chance(0.12) ? this.around(this.length, 14) : this.around(this.length, 2.5);
    this.add('correct', 'song', name, this.artistLine(kind === 'remix' && this.chance(0.25)), duration);
    if (this.chance(0.2)) this.add('correct_duplicate', 'song', name, this.artists[0]!, this.around(this.length, 1.5), this.pick(COMPILATIONS));
  }

  addRightVideo(): void {
    const uploader = this.chance(0.5) ? this.artists[0]! : this.pick(LABEL_CHANNELS);
    const noise = this.pick([' [Official Video]', ' (Official Audio)', ' (Official Music Video)', '', ' [Visualizer]', ' | Out Now']);
    const by = this.chance(0.5) ? this.artists.join(' & ') : this.artists[0]!;
    this.add('correct_video', 'video', `${by} - ${this.title}${this.versionSuffix()}${noise}`, uploader, this.chance(0.9) ? this.around(this.length, 3) : null);
  }

  addDecoys(count: number): void {
    const kind = kindOf(this.track);
    const t = () => this.writtenTitle();
    const a = this.artists[0]!;
    const decoys: (() => void)[] = [
      () => this.add('other_remix', 'song', `${t()}${this.pick([` (${this.otherRemixer()} Remix)`, ` - ${this.otherRemixer()} Remix`, ` [${this.otherRemixer()} Remix]`, ` (${this.otherRemixer()} Extended Remix)`])}`, this.chance(0.7) ? this.artistLine() : this.otherRemixer(), this.around(this.length, 60)),
      () => this.add('live', this.chance(0.5) ? 'video' : 'song', this.pick([`${t()} (Live)`, `${t()} - Live at ${this.pick(FESTIVALS)} ${2018 + Math.floor(this.next() * 7)}`, `${a} - ${t()} (Live @ ${this.pick(FESTIVALS)})`]), a, this.around(this.length + 20, 25)),
      () => this.add('live', 'video', `${a} live @ ${this.pick(FESTIVALS)} ${2018 + Math.floor(this.next() * 7)} (Full Set)`, this.pick([a, this.pick(LABEL_CHANNELS)]), 3000 + Math.floor(this.next() * 4000)),
      () => this.add('sped_up', 'song', this.pick([`${t()} (Sped Up)`, `${t()} - sped up`, `${t()} (Super Sped Up)`, `${t()} (sped up + reverb)`]), this.chance(0.6) ? a : 'speed up songs', Math.round(this.length * (0.75 + this.next() * 0.1))),
      () => this.add('slowed', 'song', this.pick([`${t()} (Slowed + Reverb)`, `${t()} (slowed)`, `${t()} - slowed & reverb`]), this.chance(0.5) ? a : 'slowed vibes', Math.round(this.length * (1.15 + this.next() * 0.1))),
      () => this.add('nightcore', this.chance(0.5) ? 'video' : 'song', this.chance(0.5) ? `Nightcore - ${t()}` : `${t()} (Nightcore Version)`, 'Nightcore Zone', Math.round(this.length * 0.8)),
      () => this.add('cover', 'song', this.pick([`${t()} (Cover)`, `${t()} (Piano Cover)`, `${t()} - Acoustic Cover`]), this.pick(OTHER_ARTISTS), this.around(this.length * 0.8, 40)),
      () => this.add('karaoke', 'song', this.pick([`${t()} (Karaoke Version)`, `${t()} (In the Style of ${a}) [Karaoke Version]`]), 'Sing King', this.around(this.length * 0.9, 20)),
      () => this.add('instrumental', 'song', `${t()} (Instrumental)`, a, this.around(this.length, 8)),
      () => this.add('same_title_other_artist', 'song', this.title, this.pick(OTHER_ARTISTS), 150 + Math.floor(this.next() * 150)),
      () => this.add('unrelated', 'song', this.pick(OTHER_TITLES), a, 200 + Math.floor(this.next() * 250)),
      () => this.add('unrelated', 'song', `${this.title} ${this.pick(['Part 2', 'Reloaded', '2.0', 'Anthem'])}`, a, this.around(this.length, 60)),
      () => this.add('mashup', 'video', `${this.title} x ${this.pick(OTHER_TITLES)} (${this.pick(OTHER_ARTISTS)} Mashup)`, 'Mashup Central', this.around(this.length * 0.6, 30)),
      () => this.add('mixed', 'song', `${t()} (Mixed)`, a, Math.round(this.length * (0.5 + this.next() * 0.2)), this.pick(COMPILATIONS)),
      () => this.add('vip', 'song', `${t()} ${this.pick(['(VIP)', '(VIP Mix)', '- VIP'])}`, a, this.around(this.length, 40)),
    ];
    if (kind !== 'remix') decoys.push(() => this.addRadioEdit());
    if (kind === 'extended' || kind === 'original') decoys.push(() => this.addRadioEdit());
    if (kind === 'remix') {
      decoys.push(
        () => this.add('original', 'song', `${t()}${this.pick(['', ' (Original Mix)', ' - Original Mix'])}`, this.artistLine(), this.around(this.length * (0.8 + this.next() * 0.4), 5)),
        () => this.add('original', 'song', `${t()}${this.pick(['', ' (Original Mix)'])}`, this.artistLine(), this.around(this.length, 6)),
      );
    }
    if (kind === 'extended' || kind === 'named_mix') {
      decoys.push(() => this.add('other_mix', 'song', `${t()} (${this.pick(['Dub Mix', 'Club Mix', 'Acapella', 'Festival Mix'])})`, a, this.around(this.length, 40)));
    }
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, decoys.length)) chosen.add(Math.floor(this.next() * decoys.length));
    for (const index of chosen) decoys[index]!();
  }

  addRadioEdit(closeDuration = false): void {
    const t = this.writtenTitle();
    // A lyric video of the radio edit says so only by its length: never as long as the track.
    const names = [`${t} (Radio Edit)`, `${t} - Radio Edit`, `${t} (Edit)`, `${t} (Radio Mix)`];
    const name = this.pick(closeDuration ? names : [...names, `${this.artists[0]} - ${t} (Lyrics)`]);
    const duration = closeDuration ? this.around(this.length, 6) : Math.round(this.length * (0.45 + this.next() * 0.2));
    this.add('radio_edit', name.includes('Lyrics') ? 'video' : 'song', name, this.artistLine(), duration);
  }

  addPlainShortEdit(): void {
    this.add('radio_edit', 'song', this.writtenTitle(), this.artistLine(), Math.round(this.length * (0.5 + this.next() * 0.15)));
  }

  addCoverTrap(): void {
    this.add('cover', 'song', this.title, this.pick(OTHER_ARTISTS), this.around(this.length, 3));
  }

  otherRemixer(): string {
    const taken = new Set(this.track.remixers.map((name) => cleanArtist(name).toLowerCase()));
    const available = OTHER_REMIXERS.filter((name) => !taken.has(name.toLowerCase()) && !this.artists.some((artist) => artist.toLowerCase() === name.toLowerCase()));
    return this.pick(available);
  }

  /** Songs first (the right one never below third), then videos, as YouTube Music lists them. */
  candidates(): LabelledCandidate[] {
    const shuffle = (list: LabelledCandidate[]) => {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(this.next() * (i + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      const right = list.findIndex((candidate) => candidate.label.startsWith('correct'));
      if (right > 2) list.splice(Math.floor(this.next() * 3), 0, ...list.splice(right, 1));
      return list;
    };
    return [...shuffle(this.songs), ...shuffle(this.videos)];
  }
}

function buildCase(track: SourceTrack, source: string, forced?: string): EvaluationCase {
  const builder = new CaseBuilder(track);
  const kind = kindOf(track);
  const roll = builder.next();
  let category: string = forced ?? (/\((feat|ft)\.?/i.test(track.title) ? 'featuring' : /[^\p{Script=Latin}\p{N}\p{P}\p{Z}\p{S}]/u.test(track.title) ? 'non_latin' : kind);
  if (!forced) {
    if (roll < 0.1) category = 'absent';
    else if (roll < 0.18) category = 'only_wrong_version';
    else if (roll < 0.26) category = 'video_only';
    else if (roll < 0.33) category = 'cover_trap';
    else if (roll < 0.4 && (kind === 'extended' || kind === 'original')) category = 'short_edit_trap';
  }

  switch (category) {
    case 'absent':
      builder.addDecoys(3 + Math.floor(builder.next() * 4));
      break;
    case 'only_wrong_version':
      if (kind === 'remix') builder.add('other_remix', 'song', `${builder.title} (${builder.otherRemixer()} Remix)`, builder.artistLine(), builder.around(builder.length, 5));
      else if (kind === 'vip') builder.add('original', 'song', builder.title, builder.artistLine(), builder.around(builder.length, 10));
      else builder.addRadioEdit(builder.chance(0.3));
      builder.addDecoys(2 + Math.floor(builder.next() * 3));
      break;
    case 'video_only':
      builder.addRightVideo();
      builder.addDecoys(3 + Math.floor(builder.next() * 3));
      break;
    case 'cover_trap':
      builder.addRight();
      builder.addCoverTrap();
      builder.addDecoys(2 + Math.floor(builder.next() * 3));
      break;
    case 'short_edit_trap':
      builder.addRight();
      builder.addPlainShortEdit();
      builder.addDecoys(2 + Math.floor(builder.next() * 3));
      break;
    default:
      builder.addRight();
      if (builder.chance(0.5)) builder.addRightVideo();
      builder.addDecoys(3 + Math.floor(builder.next() * 5));
  }
  const id = `${source === 'written' ? 'w' : 'bp'}-${track.beatportId}`;
  return {
    id,
    split: hash(`split:${id}`) % 10 < 4 ? 'heldout' : 'tuning',
    category,
    source: source === 'written' ? 'tests/fixtures/matching/written-tracks.json' : 'tests/fixtures/matching/beatport-top100-psytrance.json',
    track: { beatportId: track.beatportId, title: track.title.trim(), mixName: track.mixName?.trim() || null, artists: track.artists, remixers: track.remixers, lengthMs: track.lengthMs },
    candidates: builder.candidates(),
  };
}

export function buildEvaluationSet(): EvaluationSet {
  const top100 = JSON.parse(readFileSync(resolve(FIXTURES, 'beatport-top100-psytrance.json'), 'utf8')).tracks as SourceTrack[];
  const written = JSON.parse(readFileSync(resolve(FIXTURES, 'written-tracks.json'), 'utf8')).tracks as SourceTrack[];
  const handmade = JSON.parse(readFileSync(resolve(FIXTURES, 'handmade-cases.json'), 'utf8')).cases as EvaluationCase[];
  const cases = [
    ...top100.map((track) => buildCase(track, 'top100')),
    ...written.map((track) => buildCase(track, 'written')),
    ...handmade,
  ];
  return {
    description:
      'Labelled YouTube Music results for Beatport tracks, built by bench/match-eval/build-set.ts from beatport-top100-psytrance.json and written-tracks.json, plus handmade-cases.json. A case is right when the matcher accepts a candidate labelled correct*, or accepts nothing when there is none. Tune on split "tuning"; report on split "heldout".',
    cases,
  };
}

if (require.main === module) {
  const set = buildEvaluationSet();
  const target = resolve(FIXTURES, 'evaluation-set.json');
  writeFileSync(target, `${JSON.stringify(set, null, 1)}\n`);
  const heldout = set.cases.filter((testCase) => testCase.split === 'heldout').length;
  console.log(`wrote ${set.cases.length} cases (${heldout} held out) to ${target}`);
}
