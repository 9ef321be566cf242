// A fake of the YouTube Data API v3 and Google's OAuth2 token endpoint, for tests and offline
// runs: playlists and their items with state, paging, its own quota counter, the errors the
// real API answers (quotaExceeded, failedPrecondition, duplicates, 5xx, invalid_grant), and a
// log of every request so tests can assert exactly which calls were made.
import { randomBytes } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { FakeServer, RecordedRequest, sendJson } from '../http/fake-server';

/** Units the real API charges per call (https://developers.google.com/youtube/v3/determine_quota_cost). */
export const FAKE_QUOTA_COSTS = {
  'playlists.list': 1,
  'playlists.insert': 50,
  'playlistItems.list': 1,
  'playlistItems.insert': 50,
  'playlistItems.update': 50,
  'playlistItems.delete': 50,
} as const;
export type FakeOperation = keyof typeof FAKE_QUOTA_COSTS | 'oauth.token';

export interface LoggedRequest {
  /** 1, 2, 3… in arrival order. */
  seq: number;
  method: string;
  path: string;
  operation: FakeOperation | 'unknown';
  /** The `part` query parameter, e.g. `snippet,status`. */
  part: string | null;
  authorization: string | null;
  query: Record<string, string>;
  /** The parsed JSON body (API calls) or form fields (token endpoint). */
  body: Record<string, unknown> | null;
  /** The status answered; null when the fake dropped the connection instead. */
  status: number | null;
  reason: string | null;
}

export interface FakePlaylist {
  id: string;
  title: string;
  description: string;
  privacyStatus: string;
  items: FakePlaylistItem[];
}

export interface FakePlaylistItem {
  id: string;
  videoId: string;
}

interface InjectedFailure {
  method?: string;
  path?: string;
  status: number;
  reason: string;
  remaining: number;
}

export interface FakeYouTubeOptions {
  /** Daily units before the fake answers 403 quotaExceeded (default 10,000, the real default). */
  quotaLimit?: number;
  /** When set, the token endpoint accepts only these (any non-empty value otherwise). */
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
}

const API = '/youtube/v3';
const PAGE_SIZE_DEFAULT = 5;
const PAGE_SIZE_MAX = 50;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly domain = 'youtube.api',
  ) {
    super(message);
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export class FakeYouTubeDataApi {
  readonly log: LoggedRequest[] = [];
  readonly playlists = new Map<string, FakePlaylist>();
  readonly unavailableVideos = new Set<string>();
  quotaLimit: number;
  quotaUsed = 0;

  private readonly server = new FakeServer((request, response) => this.route(request, response));
  private readonly accessTokens = new Set<string>();
  private readonly failures: InjectedFailure[] = [];
  private tokenRejection?: { status: number; error: string };
  private crash?: { operation: FakeOperation; remaining: number };
  private down = false;
  private counter = 0;

  constructor(private readonly options: FakeYouTubeOptions = {}) {
    this.quotaLimit = options.quotaLimit ?? 10_000;
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** What `google.youtube({ rootUrl })` takes. */
  get rootUrl(): string {
    return `${this.server.url}/`;
  }

  /** What `new google.auth.OAuth2({ endpoints: { oauth2TokenUrl } })` takes. */
  get tokenUrl(): string {
    return `${this.server.url}/token`;
  }

  // ---- inspection ---------------------------------------------------------------------------

  /** The video ids of a playlist, in order. */
  videoIds(playlistId: string): string[] {
    return this.playlist(playlistId).items.map((item) => item.videoId);
  }

  playlist(playlistId: string): FakePlaylist {
    const playlist = this.playlists.get(playlistId);
    if (!playlist) throw new Error(`the fake has no playlist ${playlistId}`);
    return playlist;
  }

  /** Logged calls to the Data API (the token endpoint left out), optionally after a log position. */
  apiCalls(afterSeq = 0): LoggedRequest[] {
    return this.log.filter((entry) => entry.seq > afterSeq && entry.path.startsWith(API));
  }

  tokenCalls(afterSeq = 0): LoggedRequest[] {
    return this.log.filter((entry) => entry.seq > afterSeq && entry.operation === 'oauth.token');
  }

  get lastSeq(): number {
    return this.log.at(-1)?.seq ?? 0;
  }

  // ---- fault injection ----------------------------------------------------------------------

  /** The next `times` matching API requests answer `status` (5xx by default) without effect. */
  failNext({ method, path, status = 503, reason = 'backendError', times = 1 }: { method?: string; path?: string; status?: number; reason?: string; times?: number }): void {
    this.failures.push({ method, path, status, reason, remaining: times });
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Inserting this video answers 400 failedPrecondition, as for a private or removed video. */
  makeVideoUnavailable(videoId: string): void {
    this.unavailableVideos.add(videoId);
  }

  /** The token endpoint refuses every refresh token (Google answers 400; some proxies 401). */
  rejectRefreshTokens({ status = 401, error = 'invalid_grant' }: { status?: number; error?: string } = {}): void {
    this.tokenRejection = { status, error };
  }

  /** Every access token issued so far stops working (a revoked grant). */
  revokeAccessTokens(): void {
    this.accessTokens.clear();
  }

  /**
   * After `after` more successful calls of `operation` (item inserts by default), the next
   * one is applied but its connection is dropped before the answer, and every later request
   * is dropped too, until `recover()`: what a crash or a network cut mid-run looks like.
   */
  crashAfter(after: number, operation: keyof typeof FAKE_QUOTA_COSTS = 'playlistItems.insert'): void {
    this.crash = { operation, remaining: after };
  }

  recover(): void {
    this.down = false;
    this.crash = undefined;
  }

  /** Midnight Pacific time: the fake's daily counter starts again. */
  resetQuota(): void {
    this.quotaUsed = 0;
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private route(request: RecordedRequest, response: ServerResponse): void {
    const entry: LoggedRequest = {
      seq: this.log.length + 1,
      method: request.method,
      path: request.path,
      operation: this.operationOf(request),
      part: request.query.getAll('part').join(',') || null,
      authorization: (request.headers.authorization as string | undefined) ?? null,
      query: Object.fromEntries(request.query.entries()),
      body: parseBody(request),
      status: null,
      reason: null,
    };
    this.log.push(entry);
    if (this.down) {
      response.destroy();
      return;
    }
    const answer = (status: number, body: unknown, reason: string | null = null) => {
      entry.status = status;
      entry.reason = reason;
      if (status === 204) {
        response.writeHead(204);
        response.end();
      } else sendJson(response, status, body);
    };
    try {
      if (entry.operation === 'oauth.token') {
        this.token(entry, answer);
        return;
      }
      if (entry.operation === 'unknown') throw new ApiError(404, 'notFound', `no such endpoint: ${request.method} ${request.path}`, 'global');
      this.authenticate(entry);
      this.chargeQuota(entry.operation);
      this.injectedFailure(entry);
      const { status, body } = this.apiCall(entry.operation, entry);
      if (this.crash?.operation === entry.operation && this.crash.remaining-- === 0) {
        this.down = true;
        response.destroy();
        return;
      }
      answer(status, body);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      answer(
        error.status,
        {
          error: {
            code: error.status,
            message: error.message,
            errors: [{ message: error.message, domain: error.domain, reason: error.reason }],
            status: STATUS_NAMES[error.status] ?? 'UNKNOWN',
          },
        },
        error.reason,
      );
    }
  }

  private operationOf(request: RecordedRequest): FakeOperation | 'unknown' {
    if (request.method === 'POST' && request.path === '/token') return 'oauth.token';
    if (request.path === `${API}/playlists`) {
      if (request.method === 'GET') return 'playlists.list';
      if (request.method === 'POST') return 'playlists.insert';
    }
    if (request.path === `${API}/playlistItems`) {
      const byMethod: Record<string, FakeOperation> = {
        GET: 'playlistItems.list',
        POST: 'playlistItems.insert',
        PUT: 'playlistItems.update',
        DELETE: 'playlistItems.delete',
      };
      return byMethod[request.method] ?? 'unknown';
    }
    return 'unknown';
  }

  private token(entry: LoggedRequest, answer: (status: number, body: unknown, reason?: string) => void): void {
    const form = (entry.body ?? {}) as Record<string, string>;
    const oauthError = (status: number, error: string, description: string) =>
      answer(status, { error, error_description: description }, error);
    if (this.options.clientId && form.client_id !== this.options.clientId) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (this.options.clientSecret && form.client_secret !== this.options.clientSecret) return oauthError(401, 'invalid_client', 'Unauthorized');
    const accessToken = `fake-access-${randomBytes(8).toString('hex')}`;
    const granted = { access_token: accessToken, expires_in: 3599, scope: 'https://www.googleapis.com/auth/youtube', token_type: 'Bearer' };
    if (form.grant_type === 'refresh_token') {
      if (this.tokenRejection) return oauthError(this.tokenRejection.status, this.tokenRejection.error, 'Token has been expired or revoked.');
      if (!form.refresh_token || (this.options.refreshToken && form.refresh_token !== this.options.refreshToken)) {
        return oauthError(400, 'invalid_grant', 'Bad Request');
      }
      this.accessTokens.add(accessToken);
      return answer(200, granted);
    }
    if (form.grant_type === 'authorization_code') {
      if (!form.code) return oauthError(400, 'invalid_request', 'Missing required parameter: code');
      this.accessTokens.add(accessToken);
      return answer(200, { ...granted, refresh_token: `fake-refresh-for-${form.code}` });
    }
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${form.grant_type ?? ''}`);
  }

  private authenticate(entry: LoggedRequest): void {
    const token = /^Bearer (.+)$/.exec(entry.authorization ?? '')?.[1];
    if (!token || !this.accessTokens.has(token)) {
      throw new ApiError(401, 'authError', 'Request had invalid authentication credentials.', 'global');
    }
  }

  private chargeQuota(operation: keyof typeof FAKE_QUOTA_COSTS): void {
    const cost = FAKE_QUOTA_COSTS[operation];
    if (this.quotaUsed + cost > this.quotaLimit) {
      throw new ApiError(403, 'quotaExceeded', 'The request cannot be completed because you have exceeded your quota.', 'youtube.quota');
    }
    this.quotaUsed += cost;
  }

  private injectedFailure(entry: LoggedRequest): void {
    const failure = this.failures.find(
      (f) => f.remaining > 0 && (!f.method || f.method === entry.method) && (!f.path || f.path === entry.path),
    );
    if (!failure) return;
    failure.remaining--;
    throw new ApiError(failure.status, failure.reason, `injected failure (${failure.reason})`, 'global');
  }

  private apiCall(operation: keyof typeof FAKE_QUOTA_COSTS, entry: LoggedRequest): { status: number; body: unknown } {
    requirePart(entry);
    switch (operation) {
      case 'playlists.insert':
        return { status: 200, body: this.insertPlaylist(entry) };
      case 'playlists.list':
        return { status: 200, body: this.listPlaylists(entry) };
      case 'playlistItems.list':
        return { status: 200, body: this.listItems(entry) };
      case 'playlistItems.insert':
        return { status: 200, body: this.insertItem(entry) };
      case 'playlistItems.update':
        return { status: 200, body: this.updateItem(entry) };
      case 'playlistItems.delete':
        this.deleteItem(entry);
        return { status: 204, body: null };
    }
  }

  private insertPlaylist(entry: LoggedRequest) {
    const snippet = (entry.body?.snippet ?? {}) as { title?: string; description?: string };
    const status = (entry.body?.status ?? {}) as { privacyStatus?: string };
    if (!snippet.title) throw new ApiError(400, 'playlistTitleRequired', 'The request must specify a playlist title.');
    const playlist: FakePlaylist = {
      id: `PL${randomBytes(16).toString('hex')}`,
      title: snippet.title,
      description: snippet.description ?? '',
      privacyStatus: status.privacyStatus ?? 'public',
      items: [],
    };
    this.playlists.set(playlist.id, playlist);
    return playlistResource(playlist);
  }

  private listPlaylists(entry: LoggedRequest) {
    if (entry.query.mine !== 'true') throw new ApiError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: mine, id, channelId');
    return page([...this.playlists.values()].map(playlistResource), entry, 'youtube#playlistListResponse');
  }

  private listItems(entry: LoggedRequest) {
    const playlist = this.playlistOrThrow(entry.query.playlistId);
    const items = playlist.items.map((item, position) => itemResource(playlist.id, item, position));
    return page(items, entry, 'youtube#playlistItemListResponse');
  }

  private insertItem(entry: LoggedRequest) {
    const snippet = (entry.body?.snippet ?? {}) as { playlistId?: string; position?: number; resourceId?: { videoId?: string } };
    const playlist = this.playlistOrThrow(snippet.playlistId);
    const videoId = snippet.resourceId?.videoId;
    if (!videoId) throw new ApiError(400, 'videoRequired', 'The request must specify a video.');
    if (this.unavailableVideos.has(videoId)) {
      throw new ApiError(400, 'failedPrecondition', `The video ${videoId} is private or has been removed.`);
    }
    if (playlist.items.some((item) => item.videoId === videoId)) {
      throw new ApiError(409, 'videoAlreadyInPlaylist', 'The playlist already contains this video.');
    }
    const position = snippet.position ?? playlist.items.length;
    if (position < 0 || position > playlist.items.length) {
      throw new ApiError(400, 'invalidPlaylistItemPosition', `The position ${position} is outside the playlist.`);
    }
    const item = { id: `PLI${++this.counter}_${randomBytes(6).toString('hex')}`, videoId };
    playlist.items.splice(position, 0, item);
    return itemResource(playlist.id, item, position);
  }

  private updateItem(entry: LoggedRequest) {
    const body = (entry.body ?? {}) as { id?: string; snippet?: { playlistId?: string; position?: number; resourceId?: { videoId?: string } } };
    const playlist = this.playlistOrThrow(body.snippet?.playlistId);
    const index = playlist.items.findIndex((item) => item.id === body.id);
    if (index < 0) throw new ApiError(404, 'playlistItemNotFound', 'The playlist item identified with the id parameter cannot be found.');
    const [item] = playlist.items.splice(index, 1);
    const position = body.snippet?.position ?? playlist.items.length;
    if (position < 0 || position > playlist.items.length) {
      playlist.items.splice(index, 0, item);
      throw new ApiError(400, 'invalidPlaylistItemPosition', `The position ${position} is outside the playlist.`);
    }
    playlist.items.splice(position, 0, item);
    return itemResource(playlist.id, item, position);
  }

  private deleteItem(entry: LoggedRequest): void {
    for (const playlist of this.playlists.values()) {
      const index = playlist.items.findIndex((item) => item.id === entry.query.id);
      if (index >= 0) {
        playlist.items.splice(index, 1);
        return;
      }
    }
    throw new ApiError(404, 'playlistItemNotFound', 'The playlist item identified with the id parameter cannot be found.');
  }

  private playlistOrThrow(playlistId: string | undefined): FakePlaylist {
    const playlist = playlistId ? this.playlists.get(playlistId) : undefined;
    if (!playlist) throw new ApiError(404, 'playlistNotFound', `The playlist ${playlistId ?? '(none)'} cannot be found.`);
    return playlist;
  }
}

function parseBody(request: RecordedRequest): Record<string, unknown> | null {
  if (!request.body) return null;
  if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(request.body).entries());
  }
  try {
    return JSON.parse(request.body) as Record<string, unknown>;
  } catch {
    return { raw: request.body };
  }
}

function requirePart(entry: LoggedRequest): void {
  if (entry.method !== 'DELETE' && !entry.part) throw new ApiError(400, 'required', 'Required parameter: part', 'global');
}

function page<T>(all: T[], entry: LoggedRequest, kind: string) {
  const size = entry.query.maxResults ? Number(entry.query.maxResults) : PAGE_SIZE_DEFAULT;
  if (!Number.isInteger(size) || size < 0 || size > PAGE_SIZE_MAX) {
    throw new ApiError(400, 'invalidParameter', `Invalid value '${entry.query.maxResults}'. Values must be within the range: [0, 50]`, 'global');
  }
  const offset = entry.query.pageToken ? Number(Buffer.from(entry.query.pageToken, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError(400, 'invalidPageToken', 'The request specifies an invalid page token.');
  const items = all.slice(offset, offset + size);
  const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
  return {
    kind,
    etag: randomBytes(8).toString('hex'),
    ...(next ? { nextPageToken: next } : {}),
    pageInfo: { totalResults: all.length, resultsPerPage: size },
    items,
  };
}

function playlistResource(playlist: FakePlaylist) {
  return {
    kind: 'youtube#playlist',
    etag: randomBytes(8).toString('hex'),
    id: playlist.id,
    snippet: { title: playlist.title, description: playlist.description },
    status: { privacyStatus: playlist.privacyStatus },
    contentDetails: { itemCount: playlist.items.length },
  };
}

function itemResource(playlistId: string, item: FakePlaylistItem, position: number) {
  return {
    kind: 'youtube#playlistItem',
    etag: randomBytes(8).toString('hex'),
    id: item.id,
    snippet: { playlistId, position, resourceId: { kind: 'youtube#video', videoId: item.videoId }, title: `video ${item.videoId}` },
    contentDetails: { videoId: item.videoId },
  };
}
