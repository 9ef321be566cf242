// The YouTube Data API calls the playlist service makes, through googleapis: every call is
// authorised first (so a rejected credential costs no quota), paid for in the quota ledger
// before it is sent, counted in metrics, and its failure turned into a typed error. Reads
// are retried with backoff here; writes never are, because a write that timed out may have
// been applied: the caller reconciles with a fresh list instead.
import { backoffDelay, sleep } from '@charts-vibe/shared';
import { Logger } from '@nestjs/common';
import { google, youtube_v3 } from 'googleapis';
import { z } from 'zod';
import { Clock } from '../quota/clock';
import { YouTubeOperation, YouTubeQuota } from '../quota/youtube-quota';
import { YouTubeCredentials } from '../config';
import { playlistMetrics } from '../playlists/playlist-metrics';
import {
  classifyGoogleError,
  Classified,
  DuplicateItemError,
  PlaylistItemNotFoundError,
  PlaylistNotFoundError,
  TransientYouTubeError,
  VideoUnavailableError,
  YouTubeAuthError,
  YouTubeRequestError,
  YouTubeUnavailableError,
} from './youtube.errors';

export interface RemotePlaylistItem {
  itemId: string;
  videoId: string;
}

export interface YouTubeClientSettings {
  rootUrl: string;
  tokenUrl: string;
  timeoutMs: number;
  maxAttempts: number;
  retryInitialMs: number;
  retryMaxMs: number;
  authRetryAfterMs: number;
}

const PAGE_SIZE = 50;

const itemResourceSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({ resourceId: z.object({ videoId: z.string().min(1) }) }),
});
const itemPageSchema = z.object({ items: z.array(itemResourceSchema).default([]), nextPageToken: z.string().optional() });
const playlistPageSchema = z.object({
  items: z.array(z.object({ id: z.string().min(1), snippet: z.object({ description: z.string().default('') }).optional() })).default([]),
  nextPageToken: z.string().optional(),
});
const createdSchema = z.object({ id: z.string().min(1) });

export class YouTubePlaylistClient {
  private readonly logger = new Logger('YouTube');
  private readonly auth;
  private readonly youtube: youtube_v3.Youtube;
  /** Set when Google rejected the credentials: until then nothing asks it again (no retry storm). */
  private rejected?: YouTubeAuthError;

  constructor(
    credentials: YouTubeCredentials,
    private readonly settings: YouTubeClientSettings,
    private readonly quota: YouTubeQuota,
    private readonly clock: Clock,
  ) {
    this.auth = new google.auth.OAuth2({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      endpoints: { oauth2TokenUrl: settings.tokenUrl },
    });
    this.auth.setCredentials({ refresh_token: credentials.refreshToken });
    // getAccessToken() mostly answers from its cache; count the real refreshes.
    this.auth.on('tokens', () => playlistMetrics.operations().inc({ kind: 'oauth.token', result: 'ok' }));
    // retry: false — gaxios would silently retry GETs, and every retry costs quota the ledger must see.
    this.youtube = google.youtube({ version: 'v3', auth: this.auth, rootUrl: settings.rootUrl, retry: false, timeout: settings.timeoutMs });
  }

  async createPlaylist(input: { title: string; description: string; privacy: string }): Promise<string> {
    const data = await this.call('playlists.insert', () =>
      this.youtube.playlists.insert({
        part: ['snippet', 'status'],
        requestBody: { snippet: { title: input.title, description: input.description }, status: { privacyStatus: input.privacy } },
      }),
    );
    return createdSchema.parse(data).id;
  }

  /** Our playlist whose description carries `marker`, if a previous attempt created it before it could be recorded. */
  async findPlaylistByMarker(marker: string): Promise<string | null> {
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const page = playlistPageSchema.parse(
        await this.read('playlists.list', () =>
          this.youtube.playlists.list({ part: ['snippet'], mine: true, maxResults: PAGE_SIZE, pageToken: token }),
        ),
      );
      const found = page.items.find((playlist) => playlist.snippet?.description.includes(marker));
      if (found) return found.id;
      pageToken = page.nextPageToken;
    } while (pageToken);
    return null;
  }

  /** Every item of the playlist, in order (one call, one unit, per 50). */
  async listItems(playlistId: string): Promise<RemotePlaylistItem[]> {
    const items: RemotePlaylistItem[] = [];
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const page = itemPageSchema.parse(
        await this.read('playlistItems.list', () =>
          this.youtube.playlistItems.list({ part: ['snippet'], playlistId, maxResults: PAGE_SIZE, pageToken: token }),
        ),
      );
      items.push(...page.items.map((item) => ({ itemId: item.id, videoId: item.snippet.resourceId.videoId })));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return items;
  }

  /** Adds one video; at `position` (0-based), or at the end when omitted. */
  async insertItem(playlistId: string, videoId: string, position?: number): Promise<RemotePlaylistItem> {
    const data = await this.call(
      'playlistItems.insert',
      () =>
        this.youtube.playlistItems.insert({
          part: ['snippet'],
          requestBody: { snippet: { playlistId, resourceId: { kind: 'youtube#video', videoId }, ...(position === undefined ? {} : { position }) } },
        }),
      videoId,
    );
    return { itemId: createdSchema.parse(data).id, videoId };
  }

  async moveItem(playlistId: string, item: RemotePlaylistItem, position: number): Promise<void> {
    await this.call(
      'playlistItems.update',
      () =>
        this.youtube.playlistItems.update({
          part: ['snippet'],
          requestBody: { id: item.itemId, snippet: { playlistId, resourceId: { kind: 'youtube#video', videoId: item.videoId }, position } },
        }),
      item.videoId,
    );
  }

  async deleteItem(itemId: string): Promise<void> {
    await this.call('playlistItems.delete', () => this.youtube.playlistItems.delete({ id: itemId }));
  }

  /** A read: retried with backoff on 5xx and network errors, each attempt paid for. */
  private async read<T>(operation: YouTubeOperation, request: () => Promise<{ data: T }>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call(operation, request);
      } catch (error) {
        if (!(error instanceof TransientYouTubeError)) throw error;
        if (attempt >= this.settings.maxAttempts) {
          throw new YouTubeUnavailableError(`${operation} failed ${attempt} times: ${error.message}`);
        }
        await sleep(this.backoff(attempt));
      }
    }
  }

  backoff(attempt: number): number {
    return backoffDelay(attempt, this.settings.retryInitialMs, this.settings.retryMaxMs);
  }

  private async call<T>(operation: YouTubeOperation, request: () => Promise<{ data: T }>, videoId?: string): Promise<T> {
    // A 401 can mean an access token revoked early: refresh once, then it is the credentials.
    for (let authAttempt = 1; ; authAttempt++) {
      await this.authorize();
      await this.quota.spend(operation);
      try {
        const response = await request();
        playlistMetrics.operations().inc({ kind: operation, result: 'ok' });
        return response.data;
      } catch (error) {
        const classified = classifyGoogleError(error, videoId !== undefined);
        playlistMetrics.operations().inc({ kind: operation, result: classified.kind });
        if (classified.kind === 'auth' && authAttempt === 1) {
          this.auth.setCredentials({ refresh_token: this.auth.credentials.refresh_token });
          continue;
        }
        throw await this.typed(operation, classified, videoId);
      }
    }
  }

  private async typed(operation: YouTubeOperation, classified: Classified, videoId?: string): Promise<Error> {
    switch (classified.kind) {
      case 'auth':
        return this.reject(`the YouTube Data API refused the access token (${classified.detail})`);
      case 'quota':
        return this.quota.exhausted(classified.reason);
      case 'transient':
        return new TransientYouTubeError(`${operation}: ${classified.detail}`);
      case 'video-unavailable':
        return new VideoUnavailableError(videoId ?? '(unknown)', classified.reason);
      case 'duplicate':
        return new DuplicateItemError(`${operation}: ${classified.detail}`);
      case 'playlist-not-found':
        return new PlaylistNotFoundError(`${operation}: ${classified.detail}`);
      case 'item-not-found':
        return new PlaylistItemNotFoundError(`${operation}: ${classified.detail}`);
      case 'request':
        return new YouTubeRequestError(`${operation}: ${classified.detail}`);
    }
  }

  /** Gets (or reuses) an access token; a rejected refresh token opens the circuit. */
  private async authorize(): Promise<void> {
    if (this.rejected) {
      if (this.clock.now() < this.rejected.retryAfter) throw this.rejected;
      this.rejected = undefined;
    }
    try {
      await this.auth.getAccessToken();
    } catch (error) {
      const classified = classifyGoogleError(error);
      playlistMetrics.operations().inc({ kind: 'oauth.token', result: classified.kind === 'auth' ? 'invalid_grant' : classified.kind });
      if (classified.kind === 'auth') throw this.reject(`Google rejected the OAuth refresh token: ${classified.detail}`);
      if (classified.kind === 'transient') throw new TransientYouTubeError(`oauth token: ${classified.detail}`);
      throw new YouTubeRequestError(`oauth token: ${'detail' in classified ? classified.detail : classified.reason}`);
    }
  }

  private reject(reason: string): YouTubeAuthError {
    const retryAfter = new Date(this.clock.now().getTime() + this.settings.authRetryAfterMs);
    this.rejected = new YouTubeAuthError(
      `${reason}. This is a configuration problem: create a new refresh token with \`npm run youtube:auth\` and set ` +
        `YOUTUBE_REFRESH_TOKEN (and check YOUTUBE_CLIENT_ID / YOUTUBE_CLIENT_SECRET); playlist work waits until ${retryAfter.toISOString()}`,
      retryAfter,
    );
    // Logged here, once per rejection; later calls fail fast on the open circuit without a word.
    this.logger.error(this.rejected.message);
    return this.rejected;
  }
}
