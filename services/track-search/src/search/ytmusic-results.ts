// From what ytmusic-api parsed (and the raw answer it parsed) to matcher candidates:
// results without a video id or a name are dropped, the full artist line is read where
// the library keeps only the first artist, and an answer whose results all vanished in
// parsing is reported as a changed layout instead of passing for "no results".
import type { SongDetailed, VideoDetailed } from 'ytmusic-api';
import { Candidate, CandidateKind } from './matcher';
import { SearchLayoutError } from './track-search-provider';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return !!value && typeof value === 'object';
}

/** Every `musicResponsiveListItemRenderer` of an answer, wherever it sits. */
export function rawResultItems(body: unknown): Json[] {
  const found: Json[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'musicResponsiveListItemRenderer' && isObject(value)) found.push(value);
        else walk(value);
      }
    }
  };
  walk(body);
  return found;
}

const DURATION = /^\d{1,2}(:\d{1,2}){1,2}$/;
const TYPE_WORDS = new Set(['Song', 'Video', 'Single', 'EP', 'Album']);

/**
 * The first segment of an item's second line: every credited artist for a song
 * ("Egzod & Maestro Chives"), the channel for a video.
 */
function artistLineOf(item: Json): string | null {
  const columns = item.flexColumns;
  if (!Array.isArray(columns)) return null;
  const second = columns[1] as { musicResponsiveListItemFlexColumnRenderer?: { text?: { runs?: { text?: unknown }[] } } } | undefined;
  const runs = second?.musicResponsiveListItemFlexColumnRenderer?.text?.runs;
  if (!Array.isArray(runs)) return null;
  const segments: string[][] = [[]];
  for (const run of runs) {
    const text = typeof run.text === 'string' ? run.text : '';
    if (text.trim() === '•') segments.push([]);
    else segments.at(-1)!.push(text);
  }
  const line = segments
    .map((segment) => segment.join('').trim())
    .find((segment) => segment && !TYPE_WORDS.has(segment));
  return line && !DURATION.test(line) ? line : null;
}

function videoIdOf(item: Json): string | null {
  const id = (item.playlistItemData as { videoId?: unknown } | undefined)?.videoId;
  return typeof id === 'string' && id ? id : null;
}

function isSearchPage(body: unknown): boolean {
  return isObject(body) && isObject(body.contents) && 'tabbedSearchResultsRenderer' in body.contents;
}

function hasResultsShelf(body: unknown): boolean {
  return JSON.stringify(body ?? null).includes('"musicShelfRenderer"');
}

export interface ReadResults {
  candidates: Candidate[];
  /** Results dropped for lack of a video id or a name. */
  dropped: number;
}

export function toCandidates(
  kind: CandidateKind,
  parsed: readonly (SongDetailed | VideoDetailed)[],
  raw: unknown,
  query: string,
): ReadResults {
  const items = rawResultItems(raw);
  const lines = new Map<string, string>();
  for (const item of items) {
    const id = videoIdOf(item);
    const line = id ? artistLineOf(item) : null;
    if (id && line) lines.set(id, line);
  }
  const candidates: Candidate[] = [];
  for (const result of parsed) {
    if (!result?.videoId || !result.name) continue;
    const libraryArtist = result.artist?.name && !DURATION.test(result.artist.name) ? result.artist.name : '';
    candidates.push({
      videoId: result.videoId,
      name: result.name,
      artist: lines.get(result.videoId) ?? libraryArtist,
      album: 'album' in result && result.album ? result.album.name : null,
      durationSeconds: typeof result.duration === 'number' && result.duration > 0 ? result.duration : null,
      kind,
    });
  }
  const dropped = parsed.length - candidates.length;
  if (!candidates.length && (items.length || hasResultsShelf(raw))) {
    throw new SearchLayoutError(
      `YouTube Music answered the ${kind} search "${query}" with ${items.length || 'a shelf of'} results but none had a video id and a name: its layout changed`,
    );
  }
  if (!candidates.length && !isSearchPage(raw)) {
    throw new SearchLayoutError(`YouTube Music's answer to the ${kind} search "${query}" is not a search results page: its layout changed`);
  }
  return { candidates, dropped };
}
