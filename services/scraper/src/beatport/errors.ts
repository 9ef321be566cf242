// What can go wrong between us and Beatport, typed so each failure carries its reason
// (the `reason` label of charts_vibe_scrapes_total) and what a person needs to act.

export type ScrapeFailureReason = 'blocked' | 'layout' | 'not_found' | 'network' | 'auth';

export abstract class BeatportError extends Error {
  abstract readonly reason: ScrapeFailureReason;
  constructor(
    message: string,
    /** The URL that failed, when one did. */
    readonly url?: string,
  ) {
    super(url ? `${message} (${url})` : message);
  }
}

/** A challenge page (Cloudflare "Just a moment", Turnstile, /human-test/), a 403, or 429s past the last retry. */
export class BeatportBlockedError extends BeatportError {
  override readonly name = 'BeatportBlockedError';
  readonly reason = 'blocked';
}

/** The answer is not what a Beatport chart looks like: no `__NEXT_DATA__`, no track list, a track failing its schema. */
export class BeatportLayoutError extends BeatportError {
  override readonly name = 'BeatportLayoutError';
  readonly reason = 'layout';
}

/** The chart does not exist (404). */
export class BeatportNotFoundError extends BeatportError {
  override readonly name = 'BeatportNotFoundError';
  readonly reason = 'not_found';
}

/** Beatport could not be reached, timed out, or kept answering 5xx. */
export class BeatportNetworkError extends BeatportError {
  override readonly name = 'BeatportNetworkError';
  readonly reason = 'network';
}

/** The API refused the configured token (401/403). */
export class BeatportAuthError extends BeatportError {
  override readonly name = 'BeatportAuthError';
  readonly reason = 'auth';
}

/** The chart a user asked for is not one we know or not a Beatport URL: a 400, never a fetch. */
export class UnknownChartError extends Error {
  override readonly name = 'UnknownChartError';
}

/** No configured source can read this chart (e.g. only the API is configured and it has no endpoint for it). */
export class NoSourceForChartError extends Error {
  override readonly name = 'NoSourceForChartError';
}

/** The chart was read but Kafka did not take it. */
export class ChartPublishError extends Error {
  override readonly name = 'ChartPublishError';
}
