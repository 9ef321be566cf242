// The only way the scraper talks to the outside: GETs to the configured Beatport origins,
// one at a time per host with a pause between them, a timeout and a size cap on every
// answer, retries with backoff that honour Retry-After on 429/5xx, and every refusal
// (challenge page, 403, 404, 401) turned into a typed error at once, without retrying.
import { backoffDelay, sleep } from '@charts-vibe/shared';
import {
  BeatportAuthError,
  BeatportBlockedError,
  BeatportLayoutError,
  BeatportNetworkError,
  BeatportNotFoundError,
} from './errors';

export interface HttpPolicy {
  userAgent: string;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  retryInitialMs: number;
  maxRetryAfterMs: number;
  /** Pause between the end of one request and the start of the next to the same origin. */
  minIntervalMs: number;
}

export interface HttpAnswer {
  url: string;
  status: number;
  body: string;
}

export type Accept = 'html' | 'json';

const MAX_REDIRECTS = 5;
const RETRY_CEILING_MS = 30_000;

// A challenge replaces the page: a chart page with its __NEXT_DATA__ is never one, even when
// Cloudflare injects its bot-management script into it.
const CHALLENGE_MARKERS = [
  /<title>\s*Just a moment/i,
  /cf-turnstile/i,
  /_cf_chl_opt/,
  /\/human-test\//,
  /\bfindProof\b/,
];

export function isChallengePage(body: string, headers?: Headers): boolean {
  if (headers?.get('cf-mitigated')?.toLowerCase() === 'challenge') return true;
  if (body.includes('id="__NEXT_DATA__"')) return false;
  return CHALLENGE_MARKERS.some((marker) => marker.test(body));
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const BROWSER_HEADERS: Record<Accept, Record<string, string>> = {
  html: {
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-language': 'en-US,en;q=0.9',
    'upgrade-insecure-requests': '1',
  },
  json: { accept: 'application/json' },
};

class RetryableError extends Error {
  constructor(
    message: string,
    readonly waitMs: number | undefined,
    readonly giveUp: (attempts: number) => Error,
  ) {
    super(message);
  }
}

export class BeatportHttp {
  private readonly allowedOrigins: Set<string>;
  private readonly lanes = new Map<string, Promise<unknown>>();
  private readonly lastRequestAt = new Map<string, number>();

  constructor(
    allowedOrigins: string[],
    private readonly policy: HttpPolicy,
  ) {
    this.allowedOrigins = new Set(allowedOrigins.map((origin) => new URL(origin).origin));
  }

  /** GETs `url` (which must be on a configured origin) and returns its body, or throws a typed BeatportError. */
  get(url: string, accept: Accept, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const origin = this.checkedOrigin(url);
    return this.inLane(origin, () => this.withRetries(url, accept, headers));
  }

  private checkedOrigin(url: string): string {
    const origin = new URL(url).origin;
    if (!this.allowedOrigins.has(origin)) {
      // A bug, never user input: targets are built from configured origins only.
      throw new Error(`refusing to fetch ${url}: not a configured Beatport origin`);
    }
    return origin;
  }

  /** One request at a time per origin, spaced by minIntervalMs. */
  private inLane<T>(origin: string, work: () => Promise<T>): Promise<T> {
    const previous = this.lanes.get(origin) ?? Promise.resolve();
    const run = previous.then(async () => {
      const wait = (this.lastRequestAt.get(origin) ?? 0) + this.policy.minIntervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await work();
      } finally {
        this.lastRequestAt.set(origin, Date.now());
      }
    });
    this.lanes.set(
      origin,
      run.catch(() => undefined),
    );
    return run;
  }

  private async withRetries(url: string, accept: Accept, headers: Record<string, string>): Promise<HttpAnswer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(url, accept, headers);
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        if (attempt > this.policy.maxRetries) throw error.giveUp(attempt);
        if (error.waitMs !== undefined && error.waitMs > this.policy.maxRetryAfterMs) {
          throw error.giveUp(attempt);
        }
        await sleep(error.waitMs ?? backoffDelay(attempt, this.policy.retryInitialMs, RETRY_CEILING_MS));
      }
    }
  }

  private async attempt(startUrl: string, accept: Accept, headers: Record<string, string>): Promise<HttpAnswer> {
    const signal = AbortSignal.timeout(this.policy.timeoutMs);
    let url = startUrl;
    for (let redirects = 0; ; redirects++) {
      let response: Response;
      try {
        response = await fetch(url, {
          redirect: 'manual',
          signal,
          headers: { 'user-agent': this.policy.userAgent, ...BROWSER_HEADERS[accept], ...headers },
        });
      } catch (error) {
        const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
        throw new RetryableError(
          cause,
          undefined,
          (attempts) => new BeatportNetworkError(`no answer after ${attempts} attempt(s): ${cause}`, url),
        );
      }

      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel();
        const next = new URL(response.headers.get('location')!, url);
        if (!this.allowedOrigins.has(next.origin)) {
          throw new BeatportBlockedError(`redirected off Beatport to ${next.origin}`, url);
        }
        if (redirects >= MAX_REDIRECTS) throw new BeatportLayoutError(`more than ${MAX_REDIRECTS} redirects`, url);
        url = next.toString();
        continue;
      }

      const body = await this.readBody(response, url);
      const status = response.status;
      if (status >= 200 && status < 300) {
        if (accept === 'html' && isChallengePage(body, response.headers)) {
          throw new BeatportBlockedError('Beatport answered with a challenge page instead of the chart', url);
        }
        return { url, status, body };
      }
      if ([403, 429, 503].includes(status) && isChallengePage(body, response.headers)) {
        throw new BeatportBlockedError(
          `Beatport answered HTTP ${status} with a challenge page instead of the chart`,
          url,
        );
      }
      if (status === 401 || (status === 403 && accept === 'json')) {
        throw new BeatportAuthError(
          `Beatport refused the API token (HTTP ${status}: ${body.slice(0, 200)}); check BEATPORT_API_TOKEN`,
          url,
        );
      }
      if (status === 403) throw new BeatportBlockedError('Beatport refused the request (HTTP 403)', url);
      if (status === 404 || status === 410)
        throw new BeatportNotFoundError(`Beatport has no such chart (HTTP ${status})`, url);
      const wait = retryAfterMs(response.headers.get('retry-after'));
      if (status === 429) {
        throw new RetryableError(
          '429',
          wait,
          (attempts) =>
            new BeatportBlockedError(
              `rate limited (HTTP 429) after ${attempts} attempt(s)${wait !== undefined ? `, last Retry-After ${Math.round(wait / 1000)} s` : ''}`,
              url,
            ),
        );
      }
      if (status >= 500) {
        throw new RetryableError(
          String(status),
          wait,
          (attempts) => new BeatportNetworkError(`HTTP ${status} after ${attempts} attempt(s)`, url),
        );
      }
      throw new BeatportLayoutError(`unexpected HTTP ${status}`, url);
    }
  }

  private async readBody(response: Response, url: string): Promise<string> {
    const limit = this.policy.maxResponseBytes;
    const tooLarge = () =>
      new BeatportLayoutError(`answer larger than ${limit} bytes (SCRAPER_MAX_RESPONSE_BYTES)`, url);
    if (Number(response.headers.get('content-length')) > limit) {
      await response.body?.cancel();
      throw tooLarge();
    }
    if (!response.body) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          await reader.cancel();
          throw tooLarge();
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof BeatportLayoutError) throw error;
      const cause = (error as Error).message;
      throw new RetryableError(
        cause,
        undefined,
        (attempts) => new BeatportNetworkError(`answer cut off after ${attempts} attempt(s): ${cause}`, url),
      );
    }
    return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
  }
}
