// Prints the matcher's figures on the evaluation set: the held-out split (the one to
// report) and the tuning split, separately. Thresholds come from the same variables the
// service reads (MATCH_ACCEPT_THRESHOLD, MATCH_REVIEW_THRESHOLD, MATCH_MIN_MARGIN).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_THRESHOLDS, MatchThresholds } from '../../services/track-search/src/search/matcher';
import { evaluate, EvaluationSet, formatFigures } from '../../services/track-search/src/search/evaluation/evaluate';

const TARGETS = { precision: 0.97, recall: 0.9, wrongRemixerMatches: 0 };

function repositoryRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${__dirname}`);
  }
}

function thresholdsFromEnv(): MatchThresholds {
  const read = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  return {
    acceptThreshold: read('MATCH_ACCEPT_THRESHOLD', DEFAULT_THRESHOLDS.acceptThreshold),
    reviewThreshold: read('MATCH_REVIEW_THRESHOLD', DEFAULT_THRESHOLDS.reviewThreshold),
    minMargin: read('MATCH_MIN_MARGIN', DEFAULT_THRESHOLDS.minMargin),
  };
}

function main(): void {
  const args = new Set(process.argv.slice(2));
  const set = JSON.parse(readFileSync(join(repositoryRoot(), 'tests/fixtures/matching/evaluation-set.json'), 'utf8')) as EvaluationSet;
  const thresholds = thresholdsFromEnv();
  console.log(`thresholds: accept ≥ ${thresholds.acceptThreshold}, margin ≥ ${thresholds.minMargin}, review ≥ ${thresholds.reviewThreshold}\n`);

  const heldout = evaluate(set.cases.filter((testCase) => testCase.split === 'heldout'), thresholds);
  const tuning = evaluate(set.cases.filter((testCase) => testCase.split === 'tuning'), thresholds);
  console.log(formatFigures('held-out split', heldout));
  console.log();
  console.log(formatFigures('tuning split', tuning));
  // The held-out cases written blind, after tuning: the least flattering part of the set.
  const blind = evaluate(set.cases.filter((testCase) => testCase.split === 'heldout' && /^h[bc]-/.test(testCase.id)), thresholds);
  console.log();
  console.log(formatFigures('held-out, written blind (hb-*, hc-*)', blind, { showFailures: false }));

  const misses = [
    heldout.precision < TARGETS.precision && `precision ${heldout.precision.toFixed(3)} < ${TARGETS.precision}`,
    heldout.recall < TARGETS.recall && `recall ${heldout.recall.toFixed(3)} < ${TARGETS.recall}`,
    heldout.wrongRemixerMatches > TARGETS.wrongRemixerMatches && `${heldout.wrongRemixerMatches} wrong-remixer matches`,
  ].filter(Boolean);
  console.log(`\nheld-out targets (precision ≥ ${TARGETS.precision}, recall ≥ ${TARGETS.recall}, no wrong remixer): ${misses.length ? `MISSED — ${misses.join('; ')}` : 'met'}`);
  if (args.has('--check') && misses.length) process.exitCode = 1;
}

main();
