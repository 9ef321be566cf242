// The shapes the matcher works on: a Beatport track and YouTube Music candidates.
import type { VersionTag } from './title-parser';

/** The fields of a Beatport track the matcher reads (a `SearchableTrack` fits). */
export interface MatchableTrack {
  title: string;
  mixName: string | null;
  artists: string[];
  remixers: string[];
  lengthMs: number | null;
}

export type CandidateKind = 'song' | 'video';

/** One YouTube Music search result, as the provider hands it over. */
export interface Candidate {
  videoId: string;
  name: string;
  /** Every credited artist as YouTube Music writes them ("A, B & C"), the channel for a video; '' when unknown. */
  artist: string;
  album: string | null;
  durationSeconds: number | null;
  kind: CandidateKind;
}

export type VersionVerdict = 'same' | 'compatible' | 'mismatch' | 'rejected';

/** Why a candidate got its score: every part 0..1, and what stops it from being accepted. */
export interface CandidateScore {
  videoId: string;
  name: string;
  artist: string;
  kind: CandidateKind;
  durationSeconds: number | null;
  score: number;
  parts: { title: number; artist: number; version: number; duration: number | null; kind: number };
  version: { candidate: string; verdict: VersionVerdict; tags: VersionTag[] };
  /** Set when the candidate can never be the match (a live set, another remixer's remix…). */
  rejected: string | null;
  /** Set when the candidate could be the match but not without a person looking (wrong edit, unknown artist…). */
  concerns: string[];
}

export interface MatchThresholds {
  /** Accept the best candidate at or above this score… */
  acceptThreshold: number;
  /** …when it leads the best different candidate by at least this much. */
  minMargin: number;
  /** Below acceptance but at or above this: `needs_review`; below: `not_found`. */
  reviewThreshold: number;
}

export const DEFAULT_THRESHOLDS: MatchThresholds = { acceptThreshold: 0.78, minMargin: 0.05, reviewThreshold: 0.5 };

export interface MatchResult {
  outcome: 'matched' | 'not_found' | 'needs_review';
  best: CandidateScore | null;
  runnerUp: CandidateScore | null;
  reason: string;
  /** Every candidate scored, best first; rejected ones last. */
  ranked: CandidateScore[];
}
