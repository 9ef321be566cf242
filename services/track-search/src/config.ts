// track-search's configuration: the shared settings plus its own, validated at start.
import { baseConfigShape } from '@charts-vibe/shared';
import { z } from 'zod';
import { searchConfigShape } from './search/search.config';

export const SERVICE_NAME = 'track-search';

export const configSchema = z
  .object({
  ...baseConfigShape,
  ...searchConfigShape,
  // Several partitions in flight per replica, so searches overlap and outcomes batch.
  KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(6),
  // Track requests are independent and idempotent: many per partition at once, so the
  // search limits (not Kafka's one-at-a-time) set the pace and outcomes share transactions.
  KAFKA_MESSAGES_CONCURRENTLY: z.coerce.number().int().min(1).max(1_000).default(50),
  /** `ytmusic` in production; `fixture` answers from a recorded file (tests, benchmarks). */
  SEARCH_PROVIDER: z.enum(['ytmusic', 'fixture']).default('ytmusic'),
  SEARCH_FIXTURE_FILE: z.string().min(1).optional(),
  /** Searches in flight at once per replica. */
  SEARCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Searches started per second per replica (protects the YouTube Music endpoint). */
  SEARCH_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).default(5),
  /** Outcomes committed together in one transaction at most. */
  COMPLETION_BATCH_MAX: z.coerce.number().int().min(1).max(1_000).default(100),
  })
  .refine((config) => config.MATCH_REVIEW_THRESHOLD <= config.MATCH_ACCEPT_THRESHOLD, {
    path: ['MATCH_REVIEW_THRESHOLD'],
    message: 'must not be above MATCH_ACCEPT_THRESHOLD',
  })
  .refine((config) => config.SEARCH_PROVIDER !== 'fixture' || config.SEARCH_FIXTURE_FILE, {
    path: ['SEARCH_FIXTURE_FILE'],
    message: 'is required when SEARCH_PROVIDER=fixture',
  });
export type ServiceConfig = z.infer<typeof configSchema>;
