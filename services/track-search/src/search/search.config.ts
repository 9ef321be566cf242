// The search's settings, merged into track-search's config (`baseConfigSchema.extend(searchConfigShape)`).
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, MatchThresholds } from './matcher';

const score = z.coerce.number().min(0).max(1);

export const searchConfigShape = {
  /** Where YouTube Music is; a fake's URL in tests and offline runs. */
  YTMUSIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://music.youtube.com/'),
  /** A logged-in browser's Cookie header, e.g. to get past an EU consent page. */
  YTMUSIC_COOKIES: z.string().trim().min(1).optional(),
  /** Country of the results (GL); the language (HL) is always English so version words can be read. */
  YTMUSIC_GL: z.string().trim().regex(/^[A-Z]{2}$/, 'must be a two-letter country code').default('US'),
  YTMUSIC_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** The page's config (API key, client version, visitor id) is fetched again after this long. */
  YTMUSIC_SESSION_TTL_MS: z.coerce.number().int().min(1_000).default(6 * 60 * 60 * 1000),
  MATCH_ACCEPT_THRESHOLD: score.default(DEFAULT_THRESHOLDS.acceptThreshold),
  MATCH_REVIEW_THRESHOLD: score.default(DEFAULT_THRESHOLDS.reviewThreshold),
  MATCH_MIN_MARGIN: score.default(DEFAULT_THRESHOLDS.minMargin),
};

export const searchConfigSchema = z
  .object(searchConfigShape)
  .refine((config) => config.MATCH_REVIEW_THRESHOLD <= config.MATCH_ACCEPT_THRESHOLD, {
    path: ['MATCH_REVIEW_THRESHOLD'],
    message: 'must not be above MATCH_ACCEPT_THRESHOLD',
  });
export type SearchConfig = z.infer<typeof searchConfigSchema>;

export function thresholdsOf(config: Pick<SearchConfig, 'MATCH_ACCEPT_THRESHOLD' | 'MATCH_REVIEW_THRESHOLD' | 'MATCH_MIN_MARGIN'>): MatchThresholds {
  return {
    acceptThreshold: config.MATCH_ACCEPT_THRESHOLD,
    reviewThreshold: config.MATCH_REVIEW_THRESHOLD,
    minMargin: config.MATCH_MIN_MARGIN,
  };
}
