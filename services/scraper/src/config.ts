// scraper's configuration: the shared settings plus its own, validated at start.
import { baseConfigSchema } from '@charts-vibe/shared';
import { z } from 'zod';

export const SERVICE_NAME = 'scraper';

export const SCRAPE_SOURCES = ['page', 'api'] as const;
export type ScrapeSource = (typeof SCRAPE_SOURCES)[number];

/** An operator-set base URL: any http(s) origin, so tests and offline runs can point at the fake. */
const baseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((value) => new URL(value).origin);

const sourceOrder = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((source) => source.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.enum(SCRAPE_SOURCES, { error: 'must list page and/or api, e.g. "page,api"' }))
      .min(1)
      .refine((sources) => new Set(sources).size === sources.length, 'must not repeat a source'),
  );

// A desktop browser's User-Agent: beatport.com serves its pages to browsers; we ask politely (one
// request at a time, a delay between pages) but do not pretend to be anything we cannot pass for.
const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const scraperShape = {
  /** Where chart pages are fetched from; user-given beatport.com URLs are mapped onto it. */
  BEATPORT_BASE_URL: baseUrl.default('https://www.beatport.com'),
  BEATPORT_API_BASE_URL: baseUrl.default('https://api.beatport.com'),
  /** A Beatport API v4 bearer token; without one the API source is skipped. */
  BEATPORT_API_TOKEN: z.string().trim().min(1).optional(),
  /** Which source is tried first; the others are fallbacks, in order. */
  SCRAPER_SOURCE_ORDER: sourceOrder.default(['page', 'api']),
  /** Pause between two requests to the same host. */
  SCRAPER_PAGE_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(1_500),
  SCRAPER_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  SCRAPER_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(100 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  /** Retries after the first attempt, on 429, 5xx and network errors. */
  SCRAPER_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  SCRAPER_RETRY_INITIAL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** The longest Retry-After honoured; a longer one gives up at once. */
  SCRAPER_MAX_RETRY_AFTER_MS: z.coerce.number().int().min(0).max(600_000).default(60_000),
  SCRAPER_USER_AGENT: z.string().trim().min(1).default(DEFAULT_USER_AGENT),
};

const apiOnlyNeedsToken: [
  (config: { BEATPORT_API_TOKEN?: string; SCRAPER_SOURCE_ORDER: ScrapeSource[] }) => boolean,
  { path: string[]; message: string },
] = [
  (config) => config.BEATPORT_API_TOKEN !== undefined || config.SCRAPER_SOURCE_ORDER.includes('page'),
  { path: ['SCRAPER_SOURCE_ORDER'], message: 'lists only api, but BEATPORT_API_TOKEN is not set' },
];

export const configSchema = baseConfigSchema.extend(scraperShape).refine(...apiOnlyNeedsToken);
export type ServiceConfig = z.infer<typeof configSchema>;

/** The CronJob command publishes and exits: it needs no database. */
export const cliConfigSchema = baseConfigSchema
  .extend({ ...scraperShape, DATABASE_URL: z.string().optional() })
  .refine(...apiOnlyNeedsToken);
export type CliConfig = z.infer<typeof cliConfigSchema>;
