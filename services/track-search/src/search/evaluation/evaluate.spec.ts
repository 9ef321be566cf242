// bench/match-eval runs the full set; this proves the evaluation itself works, on a slice.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CANDIDATE_LABELS, evaluate, EvaluationCase, EvaluationSet, formatFigures, judgeCase } from './evaluate';

const set: EvaluationSet = JSON.parse(readFileSync(resolve(__dirname, '../../../../../tests/fixtures/matching/evaluation-set.json'), 'utf8'));

function handmade(id: string): EvaluationCase {
  return set.cases.find((testCase) => testCase.id === id)!;
}

describe('the evaluation set', () => {
  it('holds at least 150 cases with a tuning and a held-out split, every result labelled', () => {
    expect(set.cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(set.cases.map((testCase) => testCase.id)).size).toBe(set.cases.length);
    const heldout = set.cases.filter((testCase) => testCase.split === 'heldout').length;
    expect(heldout).toBeGreaterThan(0.3 * set.cases.length);
    expect(heldout).toBeLessThan(0.6 * set.cases.length);
    for (const testCase of set.cases) {
      for (const candidate of testCase.candidates) expect(CANDIDATE_LABELS).toContain(candidate.label);
    }
    expect(set.cases.filter((testCase) => testCase.source.endsWith('beatport-top100-psytrance.json'))).toHaveLength(100);
  });
});

describe('evaluate', () => {
  const slice = [handmade('hm-01'), handmade('hm-05'), handmade('hm-21'), handmade('hm-25'), handmade('hm-17')];

  it('judges each case: right, wrong, missed or correctly absent', () => {
    expect(judgeCase(handmade('hm-01'))).toMatchObject({ verdict: 'right', outcome: 'matched', chosen: { label: 'correct' } });
    expect(judgeCase(handmade('hm-21'))).toMatchObject({ verdict: 'correctly_absent', expected: [] });
    const strict = judgeCase(handmade('hm-01'), { acceptThreshold: 1.01, reviewThreshold: 0.5, minMargin: 0.05 });
    expect(strict).toMatchObject({ verdict: 'missed', outcome: 'needs_review', chosen: null });
  });

  it('computes precision, recall, not-found and wrong-version rates and a breakdown by category on a slice', () => {
    const figures = evaluate(slice);
    expect(figures).toMatchObject({ cases: 5, withAnswer: 3, accepted: 3, right: 3, precision: 1, recall: 1, wrongVersionRate: 0, wrongRemixerMatches: 0 });
    expect(figures.notFoundRate).toBeCloseTo(2 / 5);
    expect(figures.byCategory.only_wrong_version).toEqual({ cases: 1, right: 0, wrong: 0, missed: 0, correctlyAbsent: 1 });
    const report = formatFigures('slice', figures);
    expect(report).toMatch(/precision of accepted matches {2}100\.0%/);
    expect(report).toMatch(/remix +1 +1 +0 +0 +0/);
  });

  it('counts an accepted wrong remix against precision and as a wrong-remixer match', () => {
    const trap: EvaluationCase = {
      ...handmade('hm-18'),
      id: 'trap',
      // Relabel so that the remix the matcher accepts is "wrong": the figures must notice.
      candidates: handmade('hm-18').candidates.map((candidate) => ({ ...candidate, label: candidate.label === 'correct' ? 'other_remix' : candidate.label })),
    };
    const figures = evaluate([trap]);
    expect(figures).toMatchObject({ accepted: 1, right: 0, precision: 0, wrongRemixerMatches: 1, wrongVersionMatches: 1 });
    expect(figures.failures[0]).toMatchObject({ id: 'trap', verdict: 'wrong' });
  });
});
