// Picks the match among scored candidates: the best one is accepted when it clears the
// threshold, has nothing that needs a person's eye, and leads the best *different*
// recording by a margin; a lesser best is kept for review; below that, not found.
import { prepareTrack, PreparedTrack, scoreCandidate } from './score';
import { Candidate, CandidateScore, DEFAULT_THRESHOLDS, MatchableTrack, MatchResult, MatchThresholds } from './types';

function byScore(a: CandidateScore, b: CandidateScore): number {
  if (a.score !== b.score) return b.score - a.score;
  // Same score: a song (the label's upload) before a video.
  return (a.kind === 'song' ? 0 : 1) - (b.kind === 'song' ? 0 : 1);
}

/**
 * Two results that are the same recording: a single and its album re-release, a song and
 * its official audio. Neither should count as competition for the other.
 */
function sameRecording(source: PreparedTrack, a: CandidateScore, b: CandidateScore): boolean {
  if (a.parts.title < 0.8 || b.parts.title < 0.8) return false;
  if (a.parts.artist >= 0.5 !== b.parts.artist >= 0.5) return false;
  const aFits = a.version.verdict !== 'mismatch';
  const bFits = b.version.verdict !== 'mismatch';
  if (aFits !== bFits && a.version.candidate !== b.version.candidate) return false;
  if (a.durationSeconds !== null && b.durationSeconds !== null) {
    // As far apart as one upload may be from Beatport's length before it looks like another edit.
    const tolerance = Math.max(20, 0.08 * (source.lengthSeconds ?? Math.max(a.durationSeconds, b.durationSeconds)));
    return Math.abs(a.durationSeconds - b.durationSeconds) <= tolerance;
  }
  return a.version.candidate === b.version.candidate;
}

export function matchTrack(
  track: MatchableTrack,
  candidates: readonly Candidate[],
  thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
): MatchResult {
  const source = prepareTrack(track);
  const scored = candidates.map((candidate) => scoreCandidate(source, candidate));
  const eligible = scored.filter((candidate) => !candidate.rejected).sort(byScore);
  const rejected = scored.filter((candidate) => candidate.rejected).sort(byScore);
  const ranked = [...eligible, ...rejected];

  if (!candidates.length) return { outcome: 'not_found', best: null, runnerUp: null, reason: 'no results', ranked };
  const best = eligible[0];
  if (!best) {
    const reasons = [...new Set(rejected.map((candidate) => candidate.rejected))].slice(0, 3).join('; ');
    return { outcome: 'not_found', best: null, runnerUp: rejected[0] ?? null, reason: `every result was rejected (${reasons})`, ranked };
  }
  const runnerUp = eligible.slice(1).find((candidate) => !sameRecording(source, best, candidate)) ?? null;
  const margin = runnerUp ? best.score - runnerUp.score : Infinity;

  if (best.score >= thresholds.acceptThreshold && !best.concerns.length && margin >= thresholds.minMargin) {
    return { outcome: 'matched', best, runnerUp, reason: 'best result clears the threshold and the margin', ranked };
  }
  const why = best.concerns.length
    ? best.concerns.join('; ')
    : best.score < thresholds.acceptThreshold
      ? `score ${best.score} below ${thresholds.acceptThreshold}`
      : `only ${margin.toFixed(3)} ahead of "${runnerUp?.name}"`;
  if (best.score >= thresholds.reviewThreshold) return { outcome: 'needs_review', best, runnerUp, reason: why, ranked };
  return { outcome: 'not_found', best, runnerUp, reason: `best result too weak: ${why}`, ranked };
}
