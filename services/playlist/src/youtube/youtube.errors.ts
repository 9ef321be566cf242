// What can go wrong talking to YouTube, as typed errors that say what to do next, and the
// one place that reads googleapis' errors (the reason is in
// `err.response.data.error.errors[0].reason`; the token endpoint answers `{ error: 'invalid_grant' }`).
import { z } from 'zod';

/** The OAuth credentials are rejected: a configuration problem no retry will fix. */
export class YouTubeAuthError extends Error {
  override readonly name = 'YouTubeAuthError';
  constructor(
    message: string,
    /** When it is worth asking Google again. */
    readonly retryAfter: Date,
  ) {
    super(message);
  }
}

/** 5xx, rate limiting or the network: worth retrying with backoff (after reconciling, for a write). */
export class TransientYouTubeError extends Error {
  override readonly name = 'TransientYouTubeError';
}

/** Still failing after every attempt: the message's retries (and then the DLQ) take over. */
export class YouTubeUnavailableError extends Error {
  override readonly name = 'YouTubeUnavailableError';
}

/** The video is private, removed or blocked: skipped and recorded. */
export class VideoUnavailableError extends Error {
  override readonly name = 'VideoUnavailableError';
  constructor(
    readonly videoId: string,
    readonly reason: string,
  ) {
    super(`video ${videoId} cannot be added (${reason})`);
  }
}

/** 409: the video is already in the playlist, so what we know of the playlist is out of date. */
export class DuplicateItemError extends Error {
  override readonly name = 'DuplicateItemError';
}

/** The playlist is gone on YouTube (deleted by its owner). */
export class PlaylistNotFoundError extends Error {
  override readonly name = 'PlaylistNotFoundError';
}

/** The playlist item is gone on YouTube. */
export class PlaylistItemNotFoundError extends Error {
  override readonly name = 'PlaylistItemNotFoundError';
}

/** Any other refusal (a bug in our request, a permission): not retried. */
export class YouTubeRequestError extends Error {
  override readonly name = 'YouTubeRequestError';
}

/** What a googleapis (gaxios) error looks like, as far as we read it. */
const gaxiosErrorSchema = z.object({
  message: z.string(),
  code: z.union([z.string(), z.number()]).optional(),
  response: z
    .object({
      status: z.number(),
      data: z.unknown(),
    })
    .optional(),
});

const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});

const oauthErrorBodySchema = z.object({ error: z.string(), error_description: z.string().optional() });

export type ReadError =
  | { kind: 'network'; message: string }
  | { kind: 'oauth'; status: number; error: string; description: string }
  | { kind: 'api'; status: number; reason: string; message: string };

/** Reads a googleapis error: no response (network), an OAuth token error, or an API error with its reason. */
export function readGoogleError(error: unknown): ReadError {
  const parsed = gaxiosErrorSchema.safeParse(error);
  const message = parsed.success ? parsed.data.message : String(error);
  if (!parsed.success || !parsed.data.response) return { kind: 'network', message };
  const { status, data } = parsed.data.response;
  const oauth = oauthErrorBodySchema.safeParse(data);
  if (oauth.success) return { kind: 'oauth', status, error: oauth.data.error, description: oauth.data.error_description ?? '' };
  const api = apiErrorBodySchema.safeParse(data);
  const first = api.success ? api.data.error.errors?.[0] : undefined;
  return {
    kind: 'api',
    status,
    reason: first?.reason ?? `http${status}`,
    message: first?.message ?? (api.success ? api.data.error.message : undefined) ?? message,
  };
}

const OAUTH_CREDENTIAL_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'access_denied']);
const QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded']);
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const UNAVAILABLE_VIDEO_REASONS = new Set(['failedPrecondition', 'videoNotFound', 'forbidden', 'videoNotAvailable']);

export type Classified =
  | { kind: 'auth'; detail: string }
  | { kind: 'quota'; reason: string }
  | { kind: 'transient'; detail: string }
  | { kind: 'video-unavailable'; reason: string }
  | { kind: 'duplicate'; detail: string }
  | { kind: 'playlist-not-found'; detail: string }
  | { kind: 'item-not-found'; detail: string }
  | { kind: 'request'; detail: string };

/** Decides what an error means for us; `videoCall` says the call names a video (an insert or a move). */
export function classifyGoogleError(error: unknown, videoCall = false): Classified {
  const read = readGoogleError(error);
  if (read.kind === 'network') return { kind: 'transient', detail: `network: ${read.message}` };
  if (read.kind === 'oauth') {
    if (read.status >= 500) return { kind: 'transient', detail: `token endpoint ${read.status}` };
    if (OAUTH_CREDENTIAL_ERRORS.has(read.error) || read.status === 401) {
      return { kind: 'auth', detail: `${read.error}${read.description ? ` (${read.description})` : ''}` };
    }
    return { kind: 'request', detail: `token endpoint ${read.status} ${read.error}` };
  }
  const detail = `${read.status} ${read.reason}: ${read.message}`;
  if (read.status === 401) return { kind: 'auth', detail };
  if (QUOTA_REASONS.has(read.reason)) return { kind: 'quota', reason: read.reason };
  if (read.status >= 500 || read.status === 429 || read.status === 408 || RATE_REASONS.has(read.reason)) return { kind: 'transient', detail };
  if (read.status === 409) return { kind: 'duplicate', detail };
  if (read.reason === 'playlistNotFound') return { kind: 'playlist-not-found', detail };
  if (read.reason === 'playlistItemNotFound') return { kind: 'item-not-found', detail };
  if (videoCall && UNAVAILABLE_VIDEO_REASONS.has(read.reason)) return { kind: 'video-unavailable', reason: read.reason };
  return { kind: 'request', detail };
}
