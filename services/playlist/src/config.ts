// playlist's configuration: the shared settings plus its own, validated at start.
import { baseConfigSchema } from '@charts-vibe/shared';
import { z } from 'zod';

export const SERVICE_NAME = 'playlist';

export const playlistModeSchema = z.enum(['create', 'sync']);
export type PlaylistMode = z.infer<typeof playlistModeSchema>;

const TEMPLATE_FIELDS = ['chart', 'date', 'ref'] as const;
const titleTemplate = z
  .string()
  .trim()
  .min(1)
  .refine(
    (template) => [...template.matchAll(/\{([^}]*)\}/g)].every(([, field]) => (TEMPLATE_FIELDS as readonly string[]).includes(field)),
    `may only use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')}`,
  );

/** `beatport:top-100=create,beatport:genre:5=sync` → a map from chart ref to mode. */
const modeByChart = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const modes: Record<string, PlaylistMode> = {};
    for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [chartRef, mode, ...rest] = pair.split('=').map((part) => part.trim());
      const parsed = playlistModeSchema.safeParse(mode);
      if (!chartRef || rest.length || !parsed.success) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" must look like <chart ref>=create|sync` });
        return z.NEVER;
      }
      modes[chartRef] = parsed.data;
    }
    return modes;
  });

const milliseconds = (max: number) => z.coerce.number().int().min(0).max(max);

export const configSchema = baseConfigSchema
  .extend({
    /** OAuth2 client and refresh token (`npm run youtube:auth`); all three, or none for the file output. */
    YOUTUBE_CLIENT_ID: z.string().trim().min(1).optional(),
    YOUTUBE_CLIENT_SECRET: z.string().trim().min(1).optional(),
    YOUTUBE_REFRESH_TOKEN: z.string().trim().min(1).optional(),
    /** Where googleapis sends Data API calls and token refreshes (the fake in tests and offline runs). */
    YOUTUBE_API_ROOT_URL: z.url().default('https://youtube.googleapis.com/'),
    YOUTUBE_OAUTH_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
    /** The name quota is counted under; defaults to the client id (quota belongs to the Google Cloud project). */
    YOUTUBE_QUOTA_CREDENTIAL: z.string().trim().min(1).optional(),
    YOUTUBE_DAILY_QUOTA_UNITS: z.coerce.number().int().min(0).max(100_000_000).default(10_000),
    /** Attempts of one call on 5xx and network errors, with backoff between them. */
    YOUTUBE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
    YOUTUBE_RETRY_INITIAL_MS: milliseconds(60_000).default(1_000),
    YOUTUBE_RETRY_MAX_MS: milliseconds(600_000).default(30_000),
    YOUTUBE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
    /** After the credentials are rejected, nothing calls Google again for this long. */
    YOUTUBE_AUTH_RETRY_AFTER_MS: milliseconds(86_400_000).default(900_000),
    PLAYLIST_MODE: playlistModeSchema.default('sync'),
    PLAYLIST_MODE_BY_CHART: modeByChart.default({}),
    PLAYLIST_TITLE_TEMPLATE: titleTemplate.default('{chart} — {date}'),
    PLAYLIST_SYNC_TITLE_TEMPLATE: titleTemplate.default('{chart}'),
    PLAYLIST_PRIVACY: z.enum(['private', 'unlisted', 'public']).default('private'),
    /** Where playlists go as JSON and M3U when there are no YouTube credentials. */
    PLAYLIST_OUTPUT_DIR: z.string().trim().min(1).default('playlists'),
    /** How often deferred runs whose time has come (and orphaned ones) are picked up. */
    PLAYLIST_RESUME_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  })
  .superRefine((config, ctx) => {
    const credentials = ['YOUTUBE_CLIENT_ID', 'YOUTUBE_CLIENT_SECRET', 'YOUTUBE_REFRESH_TOKEN'] as const;
    const given = credentials.filter((name) => config[name] !== undefined);
    if (given.length > 0 && given.length < credentials.length) {
      for (const name of credentials.filter((n) => config[n] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `is required when ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} set` });
      }
    }
  });
export type ServiceConfig = z.infer<typeof configSchema>;

export interface YouTubeCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** The OAuth2 credentials, or null: then playlists are written to files instead. */
export function youtubeCredentialsOf(config: ServiceConfig): YouTubeCredentials | null {
  const { YOUTUBE_CLIENT_ID: clientId, YOUTUBE_CLIENT_SECRET: clientSecret, YOUTUBE_REFRESH_TOKEN: refreshToken } = config;
  return clientId && clientSecret && refreshToken ? { clientId, clientSecret, refreshToken } : null;
}

export function playlistModeFor(config: ServiceConfig, chartRef: string): PlaylistMode {
  return config.PLAYLIST_MODE_BY_CHART[chartRef] ?? config.PLAYLIST_MODE;
}
