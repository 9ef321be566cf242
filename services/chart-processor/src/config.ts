// chart-processor's configuration: the shared settings plus its own, validated at start.
import { baseConfigShape } from '@charts-vibe/shared';
import { z } from 'zod';

export const SERVICE_NAME = 'chart-processor';

export const configSchema = z.object({
  ...baseConfigShape,
  /** A job still processing this long after creation is expired by the sweeper. */
  JOB_DEADLINE_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(120),
  /** A matched track is not searched again for this long. */
  MATCH_CACHE_TTL_DAYS: z.coerce.number().nonnegative().default(30),
  /** A track found nowhere (or left for review) is searched again after this long. */
  NOT_FOUND_CACHE_TTL_DAYS: z.coerce.number().nonnegative().default(7),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
});
export type ServiceConfig = z.infer<typeof configSchema>;
