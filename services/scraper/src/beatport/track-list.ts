// One reader of Beatport track objects for both sources: a `{count, page, per_page,
// results}` list from a page's `__NEXT_DATA__` or from API v4 becomes chart tracks,
// each validated against the chart.scraped contract.
import { ChartTrack, chartTrackSchema } from '@charts-vibe/shared';
import { z } from 'zod';
import { BeatportLayoutError } from './errors';

const named = z.object({ name: z.string() });

/** What we read of a Beatport track object (it carries ~40 fields; the rest is ignored). */
export const beatportTrackSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  mix_name: z.string().nullish(),
  artists: z.array(named),
  remixers: z.array(named).nullish(),
  bpm: z.number().nonnegative().nullish(),
  key: z.object({ name: z.string() }).nullish(),
  genre: named.nullish(),
  release: z.object({ label: named.nullish() }).nullish(),
  length_ms: z.number().int().nonnegative().nullish(),
  /** "8:26" — used when `length_ms` is missing. */
  length: z.string().nullish(),
  publish_date: z.string().nullish(),
  isrc: z.string().nullish(),
});

/** Every Beatport list: API v4 responses and the queries of a page alike. `page` arrives as a string. */
export const beatportListSchema = z.object({
  count: z.coerce.number().int().nonnegative().optional(),
  page: z.coerce.number().int().positive().optional(),
  per_page: z.coerce.number().int().positive().optional(),
  results: z.array(z.unknown(), { error: 'no results array' }),
});

export interface TrackList {
  tracks: ChartTrack[];
  /** The chart's total, across pages. */
  count: number;
  page: number;
  perPage: number;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'track'}: ${issue.message}`).join('; ');
}

function lengthMsOf(length: string | null | undefined): number | null {
  const match = length?.trim().match(/^(?:(\d+):)?(\d{1,2}):(\d{2})$/);
  if (!match) return null;
  const [, hours, minutes, seconds] = match;
  return ((Number(hours ?? 0) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

const orNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/** Validates a track against the contract (trimmed names, at least one artist); a failure names the position and field. */
export function validateChartTrack(candidate: unknown, position: number, url?: string): ChartTrack {
  const result = chartTrackSchema.safeParse(candidate);
  if (!result.success) {
    throw new BeatportLayoutError(
      `track at position ${position} does not fit the track schema: ${describeIssues(result.error)}`,
      url,
    );
  }
  return result.data;
}

export function chartTrackOf(raw: unknown, position: number, url?: string): ChartTrack {
  const parsed = beatportTrackSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    throw new BeatportLayoutError(
      `track at position ${position}${id !== undefined ? ` (id ${String(id)})` : ''} is not a Beatport track: ${describeIssues(parsed.error)}`,
      url,
    );
  }
  const track = parsed.data;
  return validateChartTrack(
    {
      position,
      beatportId: track.id,
      title: track.name,
      mixName: orNull(track.mix_name),
      artists: track.artists.map((artist) => artist.name),
      remixers: (track.remixers ?? []).map((remixer) => remixer.name),
      label: orNull(track.release?.label?.name),
      genre: orNull(track.genre?.name),
      bpm: track.bpm ?? null,
      key: orNull(track.key?.name),
      lengthMs: track.length_ms ?? lengthMsOf(track.length),
      releaseDate: orNull(track.publish_date),
      isrc: orNull(track.isrc),
    },
    position,
    url,
  );
}

/** Reads one list; positions follow Beatport's paging: index + 1 + (page − 1) × per_page. */
export function readTrackList(data: unknown, url?: string): TrackList {
  const list = beatportListSchema.safeParse(data);
  if (!list.success) throw new BeatportLayoutError(`not a Beatport track list: ${describeIssues(list.error)}`, url);
  const { results } = list.data;
  const page = list.data.page ?? 1;
  const perPage = list.data.per_page ?? Math.max(results.length, 1);
  const offset = (page - 1) * perPage;
  return {
    tracks: results.map((raw, index) => chartTrackOf(raw, offset + index + 1, url)),
    count: list.data.count ?? offset + results.length,
    page,
    perPage,
  };
}
