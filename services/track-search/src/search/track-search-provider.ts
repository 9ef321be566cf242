// What track-search asks for each track: a decision (matched / not found / needs review),
// explained. The YouTube Music implementation searches and scores; tests and benchmarks
// use recorded decisions.
import { PermanentError, RetryLaterError, SearchableTrack } from '@charts-vibe/shared';

export type SearchOutcome = 'matched' | 'not_found' | 'needs_review';

export interface SearchDecision {
  outcome: SearchOutcome;
  /** The chosen video (matched), or the best candidate (needs_review); null when not found. */
  videoId: string | null;
  /** 0..1; null when there was no candidate. */
  score: number | null;
  /** Why: the score breakdown of the winner and the runner-up, the query, the reason for a rejection. */
  details: Record<string, unknown>;
}

export interface TrackSearchProvider {
  search(track: SearchableTrack): Promise<SearchDecision>;
}

export const TRACK_SEARCH_PROVIDER = Symbol('TRACK_SEARCH_PROVIDER');

/** 429, 5xx, timeouts: worth another attempt after a backoff. */
export class TransientSearchError extends Error {
  override readonly name = 'TransientSearchError';
}

/** The endpoint answered in a shape we cannot read: counts the track as failed, with this reason. */
export class SearchLayoutError extends PermanentError {
  override readonly name = 'SearchLayoutError';
}

/** Consent page, missing API key, bad cookies: not the track's fault; pause instead of burning retries. */
export class SearchConfigurationError extends RetryLaterError {
  override readonly name = 'SearchConfigurationError';
}
