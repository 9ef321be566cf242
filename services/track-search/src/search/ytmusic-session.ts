// One initialized ytmusic-api client per process, pointed at a configurable base URL,
// started again when its page config is old or a 400 says it went stale. It turns the
// library's quiet failures into typed errors: a start page without an API key (consent
// page, block) is a configuration error, 429/5xx/timeouts are transient.
//
// ytmusic-api 5.3.1 has no option for the base URL, the timeout or where cookies go: we
// set them on its private axios instance (`client`) and cookie jar (`cookiejar`), and
// read its private page config (`config`). ytmusic-api.contract.spec.ts pins the version
// and these fields.
import { AsyncLocalStorage } from 'node:async_hooks';
import YTMusic, { type SongDetailed, type VideoDetailed } from 'ytmusic-api';
import { counter } from '@charts-vibe/shared';
import { SearchConfigurationError, SearchLayoutError, TransientSearchError } from './track-search-provider';

export interface YtMusicSessionSettings {
  baseUrl: string;
  timeoutMs: number;
  sessionTtlMs: number;
  cookies?: string;
  gl?: string;
  now?: () => number;
}

/** The parts of the axios instance inside YTMusic that we touch. */
interface LibraryHttpClient {
  defaults: { baseURL?: string; timeout?: number };
  interceptors: { response: { use(onFulfilled: (response: { data: unknown }) => unknown): number } };
}

interface LibraryCookieJar {
  setCookieSync(cookie: string, url: string): unknown;
}

interface LibraryInternals {
  client?: LibraryHttpClient;
  cookiejar?: LibraryCookieJar;
  config?: Record<string, unknown>;
}

interface HttpFailure {
  response?: { status?: number };
  code?: string;
  message?: string;
}

const TRANSIENT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE', 'ERR_NETWORK', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

export const ytMusicMetrics = {
  requests: () =>
    counter('charts_vibe_ytmusic_requests_total', 'Requests to YouTube Music, by kind and result', ['kind', 'result']),
  configurationErrors: () =>
    counter(
      'charts_vibe_ytmusic_configuration_errors_total',
      'YouTube Music could not be used at all (consent page, missing API key, refused): the consumer pauses',
      ['reason'],
    ),
};

function statusOf(error: unknown): number | undefined {
  return (error as HttpFailure | undefined)?.response?.status;
}

/** A failed HTTP call as one of the search's typed errors, or the error itself when it is none of them. */
export function classifyFailure(error: unknown, what: string): Error {
  const failure = (error ?? {}) as HttpFailure;
  const status = statusOf(error);
  if (status === 429 || (status !== undefined && status >= 500)) {
    return new TransientSearchError(`YouTube Music answered ${status} to ${what}`);
  }
  if (status === 401 || status === 403) {
    ytMusicMetrics.configurationErrors().inc({ reason: `http_${status}` });
    return new SearchConfigurationError(`YouTube Music refused ${what} with ${status}: blocked, or YTMUSIC_COOKIES are wrong`);
  }
  if (status === undefined && ((failure.code && TRANSIENT_CODES.has(failure.code)) || /timeout/i.test(failure.message ?? ''))) {
    return new TransientSearchError(`YouTube Music did not answer ${what}: ${failure.message ?? failure.code}`);
  }
  if (status !== undefined) return new SearchLayoutError(`YouTube Music answered ${status} to ${what}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Where the interceptor puts the raw answer of the call running in this async context. */
const rawAnswer = new AsyncLocalStorage<{ body?: unknown }>();

export interface SearchAnswer<T> {
  results: T[];
  /** The innertube JSON the results were parsed from. */
  raw: unknown;
}

export class YtMusicSession {
  private ready?: Promise<YTMusic>;
  private startedAt = 0;
  private readonly now: () => number;

  constructor(private readonly settings: YtMusicSessionSettings) {
    this.now = settings.now ?? Date.now;
  }

  searchSongs(query: string): Promise<SearchAnswer<SongDetailed>> {
    return this.run('songs', query, (client) => client.searchSongs(query));
  }

  searchVideos(query: string): Promise<SearchAnswer<VideoDetailed>> {
    return this.run('videos', query, (client) => client.searchVideos(query));
  }

  /** Forgets the client: the next call loads the start page again. */
  reset(): void {
    this.ready = undefined;
  }

  private client(): Promise<YTMusic> {
    if (this.ready && this.now() - this.startedAt < this.settings.sessionTtlMs) return this.ready;
    const starting = this.start();
    this.ready = starting;
    this.startedAt = this.now();
    // A start that failed is tried again by the next call, not cached.
    starting.catch(() => {
      if (this.ready === starting) this.ready = undefined;
    });
    return starting;
  }

  private async start(): Promise<YTMusic> {
    const client = new YTMusic();
    const internals = client as unknown as LibraryInternals;
    const http = internals.client;
    if (!http?.defaults || !http.interceptors) {
      throw new SearchConfigurationError('ytmusic-api no longer exposes its axios instance as `client`: check the pinned version');
    }
    http.defaults.baseURL = this.settings.baseUrl;
    http.defaults.timeout = this.settings.timeoutMs;
    http.interceptors.response.use((response) => {
      const slot = rawAnswer.getStore();
      if (slot) slot.body = response.data;
      return response;
    });
    // The library files cookies under www.youtube.com, which is never the base URL: file them where they are sent.
    if (this.settings.cookies) {
      for (const pair of this.settings.cookies.split(/;\s*/).filter(Boolean)) internals.cookiejar?.setCookieSync(pair, this.settings.baseUrl);
    }

    const page: { body?: unknown } = {};
    try {
      await rawAnswer.run(page, () => client.initialize({ cookies: this.settings.cookies, GL: this.settings.gl, HL: 'en' }));
    } catch (error) {
      ytMusicMetrics.requests().inc({ kind: 'start_page', result: 'error' });
      throw classifyFailure(error, 'the start page');
    }
    const config = internals.config ?? {};
    if (!config.INNERTUBE_API_KEY || !config.INNERTUBE_API_VERSION) {
      const html = typeof page.body === 'string' ? page.body : '';
      const consent = /consent\.(youtube|google)\.com|Before you continue/i.test(html);
      ytMusicMetrics.requests().inc({ kind: 'start_page', result: 'no_api_key' });
      ytMusicMetrics.configurationErrors().inc({ reason: consent ? 'consent_page' : 'no_api_key' });
      throw new SearchConfigurationError(
        consent
          ? `YouTube Music at ${this.settings.baseUrl} answered with a cookie-consent page instead of the app: no INNERTUBE_API_KEY. Set YTMUSIC_COOKIES (a CONSENT/SOCS cookie) or search from another region`
          : `YouTube Music's start page at ${this.settings.baseUrl} held no ytcfg INNERTUBE_API_KEY/INNERTUBE_API_VERSION (blocked, or the page changed)`,
      );
    }
    ytMusicMetrics.requests().inc({ kind: 'start_page', result: 'ok' });
    return client;
  }

  private async run<T>(kind: 'songs' | 'videos', query: string, call: (client: YTMusic) => Promise<T[]>): Promise<SearchAnswer<T>> {
    for (let attempt = 1; ; attempt++) {
      const session = this.client();
      const client = await session;
      const answer: { body?: unknown } = {};
      try {
        const results = await rawAnswer.run(answer, () => call(client));
        ytMusicMetrics.requests().inc({ kind, result: 'ok' });
        return { results, raw: answer.body };
      } catch (error) {
        // A 400 is what YouTube Music says to a client whose page config went stale: start again, once.
        if (statusOf(error) === 400 && attempt === 1) {
          ytMusicMetrics.requests().inc({ kind, result: 'stale_session' });
          if (this.ready === session) this.reset();
          continue;
        }
        if (statusOf(error) === 400) {
          ytMusicMetrics.requests().inc({ kind, result: 'rejected' });
          ytMusicMetrics.configurationErrors().inc({ reason: 'http_400' });
          throw new SearchConfigurationError(
            `YouTube Music rejected the ${kind} search with 400 even after loading a fresh start page: the request ytmusic-api sends is out of date`,
          );
        }
        const classified = classifyFailure(error, `the ${kind} search "${query}"`);
        ytMusicMetrics.requests().inc({ kind, result: classified.name });
        throw classified;
      }
    }
  }
}
