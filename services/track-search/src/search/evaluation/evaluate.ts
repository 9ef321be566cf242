// Measures the matcher on a labelled evaluation set (tests/fixtures/matching): every case
// is a Beatport track with the YouTube Music results a search returns, each result
// labelled (the right upload, a radio edit, another remixer's remix, a cover…). Used by
// bench/match-eval and, on a slice, by its test.
import { Candidate, DEFAULT_THRESHOLDS, matchTrack, MatchableTrack, MatchResult, MatchThresholds } from '../matcher';

/** What a result really is, relative to the track. The `correct*` ones are acceptable answers. */
export const CANDIDATE_LABELS = [
  'correct',
  'correct_duplicate',
  'correct_video',
  'radio_edit',
  'extended',
  'original',
  'other_remix',
  'other_mix',
  'vip',
  'live',
  'sped_up',
  'slowed',
  'nightcore',
  'cover',
  'karaoke',
  'instrumental',
  'acoustic',
  'mixed',
  'mashup',
  'same_title_other_artist',
  'unrelated',
] as const;
export type CandidateLabel = (typeof CANDIDATE_LABELS)[number];

const ACCEPTABLE = new Set<CandidateLabel>(['correct', 'correct_duplicate', 'correct_video']);
const WRONG_SONG = new Set<CandidateLabel>(['cover', 'same_title_other_artist', 'unrelated', 'karaoke', 'mashup']);

export interface LabelledCandidate extends Candidate {
  label: CandidateLabel;
}

export interface EvaluationCase {
  id: string;
  split: 'tuning' | 'heldout';
  /** The difficulty the case stands for: original, extended, remix, featuring, non_latin, absent… */
  category: string;
  /** Where the track comes from (the Beatport Top 100 fixture, or written for the set). */
  source: string;
  track: MatchableTrack & { beatportId?: number };
  candidates: LabelledCandidate[];
  notes?: string;
}

export interface EvaluationSet {
  description: string;
  cases: EvaluationCase[];
}

export type CaseVerdict = 'right' | 'wrong' | 'missed' | 'correctly_absent';

export interface CaseResult {
  id: string;
  category: string;
  verdict: CaseVerdict;
  outcome: MatchResult['outcome'];
  chosen: { videoId: string; name: string; label: CandidateLabel; score: number } | null;
  expected: string[];
  reason: string;
}

export interface CategoryFigures {
  cases: number;
  right: number;
  wrong: number;
  missed: number;
  correctlyAbsent: number;
}

export interface EvaluationFigures {
  cases: number;
  withAnswer: number;
  accepted: number;
  right: number;
  /** Right accepted matches / accepted matches. */
  precision: number;
  /** Right accepted matches / cases that have a right answer. */
  recall: number;
  /** Cases not matched (not found or kept for review) / all cases. */
  notFoundRate: number;
  /** Cases kept for review / all cases. */
  reviewRate: number;
  /** Accepted matches that are the song in another version / accepted matches. */
  wrongVersionRate: number;
  wrongVersionMatches: number;
  wrongRemixerMatches: number;
  wrongSongMatches: number;
  byCategory: Record<string, CategoryFigures>;
  /** Accepted matches by the label of what was accepted. */
  acceptedByLabel: Partial<Record<CandidateLabel, number>>;
  failures: CaseResult[];
}

export function acceptableIds(testCase: EvaluationCase): string[] {
  return testCase.candidates.filter((candidate) => ACCEPTABLE.has(candidate.label)).map((candidate) => candidate.videoId);
}

export function judgeCase(testCase: EvaluationCase, thresholds: MatchThresholds = DEFAULT_THRESHOLDS): CaseResult {
  const result = matchTrack(testCase.track, testCase.candidates, thresholds);
  const expected = acceptableIds(testCase);
  const chosenCandidate =
    result.outcome === 'matched' ? testCase.candidates.find((candidate) => candidate.videoId === result.best?.videoId) : undefined;
  let verdict: CaseVerdict;
  if (chosenCandidate) verdict = expected.includes(chosenCandidate.videoId) ? 'right' : 'wrong';
  else verdict = expected.length ? 'missed' : 'correctly_absent';
  return {
    id: testCase.id,
    category: testCase.category,
    verdict,
    outcome: result.outcome,
    chosen: chosenCandidate
      ? { videoId: chosenCandidate.videoId, name: chosenCandidate.name, label: chosenCandidate.label, score: result.best!.score }
      : null,
    expected,
    reason: result.reason,
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

export function evaluate(cases: readonly EvaluationCase[], thresholds: MatchThresholds = DEFAULT_THRESHOLDS): EvaluationFigures {
  const results = cases.map((testCase) => judgeCase(testCase, thresholds));
  const byCategory: Record<string, CategoryFigures> = {};
  const acceptedByLabel: Partial<Record<CandidateLabel, number>> = {};
  for (const result of results) {
    const figures = (byCategory[result.category] ??= { cases: 0, right: 0, wrong: 0, missed: 0, correctlyAbsent: 0 });
    figures.cases += 1;
    if (result.verdict === 'correctly_absent') figures.correctlyAbsent += 1;
    else figures[result.verdict] += 1;
    if (result.chosen) acceptedByLabel[result.chosen.label] = (acceptedByLabel[result.chosen.label] ?? 0) + 1;
  }
  const accepted = results.filter((result) => result.chosen);
  const right = results.filter((result) => result.verdict === 'right').length;
  const wrong = accepted.filter((result) => result.verdict === 'wrong');
  const wrongSong = wrong.filter((result) => WRONG_SONG.has(result.chosen!.label)).length;
  const withAnswer = results.filter((result) => result.expected.length).length;
  return {
    cases: results.length,
    withAnswer,
    accepted: accepted.length,
    right,
    precision: ratio(right, accepted.length),
    recall: ratio(right, withAnswer),
    notFoundRate: ratio(results.filter((result) => result.outcome !== 'matched').length, results.length),
    reviewRate: ratio(results.filter((result) => result.outcome === 'needs_review').length, results.length),
    wrongVersionRate: accepted.length ? (wrong.length - wrongSong) / accepted.length : 0,
    wrongVersionMatches: wrong.length - wrongSong,
    wrongRemixerMatches: wrong.filter((result) => result.chosen!.label === 'other_remix').length,
    wrongSongMatches: wrongSong,
    byCategory,
    acceptedByLabel,
    failures: results.filter((result) => result.verdict === 'wrong' || result.verdict === 'missed'),
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export function formatFigures(title: string, figures: EvaluationFigures, { showFailures = true } = {}): string {
  const lines = [
    `== ${title}: ${figures.cases} cases (${figures.withAnswer} with a right upload, ${figures.cases - figures.withAnswer} without)`,
    `precision of accepted matches  ${percent(figures.precision)}  (${figures.right} right of ${figures.accepted} accepted)`,
    `recall                         ${percent(figures.recall)}  (${figures.right} of ${figures.withAnswer})`,
    `not-found rate                 ${percent(figures.notFoundRate)}  (of which kept for review: ${percent(figures.reviewRate)} of all cases)`,
    `wrong-version rate             ${percent(figures.wrongVersionRate)}  (${figures.wrongVersionMatches} accepted in another version; ${figures.wrongRemixerMatches} by a wrong remixer)`,
    `wrong-song matches             ${figures.wrongSongMatches}`,
    '',
    'category                  cases  right  wrong  missed  correctly absent',
    ...Object.entries(figures.byCategory)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([category, c]) =>
          `${category.padEnd(24)} ${String(c.cases).padStart(6)} ${String(c.right).padStart(6)} ${String(c.wrong).padStart(6)} ${String(c.missed).padStart(7)} ${String(c.correctlyAbsent).padStart(17)}`,
      ),
  ];
  if (showFailures && figures.failures.length) {
    lines.push('', 'failures:');
    for (const failure of figures.failures) {
      const got = failure.chosen ? `accepted ${failure.chosen.label} "${failure.chosen.name}" (${failure.chosen.score})` : failure.outcome;
      lines.push(`  ${failure.id} [${failure.category}] ${failure.verdict}: ${got} — ${failure.reason}`);
    }
  }
  return lines.join('\n');
}
