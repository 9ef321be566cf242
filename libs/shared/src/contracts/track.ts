// A Beatport track as it travels between services, and the key that names it.
import { z } from 'zod';

// PostgreSQL text and jsonb cannot hold NUL: refuse it at the edge instead of failing later.
const trimmed = z
  .string()
  .trim()
  .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters');
const name = trimmed.min(1, 'must not be empty');

export const TRACK_KEY_PATTERN = /^beatport:[1-9]\d*$/;
export const trackKeySchema = z.string().regex(TRACK_KEY_PATTERN, 'must look like beatport:<id>');

export function trackKeyOf(beatportId: number): string {
  return `beatport:${beatportId}`;
}

/** The fields a search needs; carried by `track.requested`. */
export const searchableTrackSchema = z.object({
  beatportId: z.number().int().positive(),
  title: name,
  mixName: trimmed.nullable(),
  artists: z.array(name).min(1, 'a track needs at least one artist'),
  remixers: z.array(name),
  lengthMs: z.number().int().nonnegative().nullable(),
  isrc: trimmed.nullable().optional(),
});
export type SearchableTrack = z.infer<typeof searchableTrackSchema>;

/** A chart entry as scraped: the searchable fields plus catalogue metadata and its position. */
export const chartTrackSchema = searchableTrackSchema.extend({
  position: z.number().int().positive(),
  label: trimmed.nullable(),
  genre: trimmed.nullable(),
  bpm: z.number().nonnegative().nullable(),
  key: trimmed.nullable(),
  releaseDate: trimmed.nullable(),
});
export type ChartTrack = z.infer<typeof chartTrackSchema>;
