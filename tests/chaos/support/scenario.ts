// The job every chaos case runs: a 200-track chart whose every tenth track has no match,
// searched from a recorded fixture at a bounded rate so faults land while it is under way.
import { ChartScraped } from '@charts-vibe/shared';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticChart, syntheticTracks } from '../../orchestrator/harness';
import { ExpectedCounts } from './verify';

export const CHART_SIZE = 200;

export interface ChaosJob {
  chart: ChartScraped;
  counts: ExpectedCounts;
  /** The fixture track-search reads (SEARCH_FIXTURE_FILE). */
  fixtureFile: string;
  /** The video ids the playlist must hold, in chart order. */
  playlist: string[];
}

/** A scratch directory for fixtures and service logs, removed by `cleanup()`. */
export function workDir(name: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `cv-chaos-${name}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function chaosJob(dir: string, firstId: number, searchDelayMs = 20): ChaosJob {
  const tracks = syntheticTracks(CHART_SIZE, firstId);
  const notFound = tracks.filter((_, i) => i % 10 === 9).map((t) => `beatport:${t.beatportId}`);
  const fixtureFile = path.join(dir, `search-${firstId}.json`);
  writeFileSync(
    fixtureFile,
    JSON.stringify({ delayMs: searchDelayMs, tracks: Object.fromEntries(notFound.map((key) => [key, { outcome: 'not_found' }])) }),
  );
  const missing = new Set(notFound);
  return {
    chart: syntheticChart(tracks),
    counts: { expected: CHART_SIZE, matched: CHART_SIZE - notFound.length, notFound: notFound.length, failed: 0 },
    fixtureFile,
    // FixtureSearchProvider's video id for a matched track: v_<beatport id>.
    playlist: tracks.filter((t) => !missing.has(`beatport:${t.beatportId}`)).map((t) => `v_${t.beatportId}`),
  };
}

/** Settings that keep a case short: quick retries, a 6 s session so a killed member leaves its group fast. */
export function chaosServiceEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    LOG_LEVEL: 'warn',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    OUTBOX_POLL_INTERVAL_MS: '200',
    CONSUMER_RETRY_INITIAL_MS: '20',
    CONSUMER_RETRY_MAX_MS: '200',
    SEARCH_PROVIDER: 'fixture',
    ...extra,
  };
}

/** A seeded generator, so a failing run can be replayed with CHAOS_SEED. */
export function seededRandom(label: string): { seed: number; next(): number; between(min: number, max: number): number } {
  const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`${label}: CHAOS_SEED=${seed}`);
  let state = seed >>> 0;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, between: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}
