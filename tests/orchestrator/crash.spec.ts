// A track-search process killed with SIGKILL in the middle of a job, then restarted:
// the job completes with exact counts and one job.completed. Runs the compiled service
// (npm test builds first), as Kubernetes would.
import { serviceEnv, waitFor } from '@charts-vibe/shared/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pipeline, syntheticChart, syntheticTracks } from './harness';

const serviceMain = path.resolve(__dirname, '../../services/track-search/dist/main.js');

function startTrackSearchProcess(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [serviceMain], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[track-search ${child.pid}] ${chunk}`));
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('a track-search crash', () => {
  const pipeline = new Pipeline();
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(serviceMain)) throw new Error(`${serviceMain} is missing: build first (npm test does)`);
    await pipeline.start();
    await pipeline.startChartProcessor();
  }, 90_000);
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await pipeline.stop();
  }, 60_000);

  it('loses nothing and counts nothing twice when the process is SIGKILLed mid-job and restarted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cv-crash-'));
    const fixtureFile = path.join(dir, 'search.json');
    writeFileSync(fixtureFile, JSON.stringify({ delayMs: 40, tracks: { 'beatport:30007': { outcome: 'not_found' } } }));
    const env = serviceEnv(pipeline.db.url, {
      KAFKA_GROUP_ID: pipeline.trackSearchGroup,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      SEARCH_PROVIDER: 'fixture',
      SEARCH_FIXTURE_FILE: fixtureFile,
      SEARCH_RATE_PER_SECOND: '1000',
      LOG_LEVEL: 'error',
    });

    const chart = syntheticChart(syntheticTracks(100, 30_001));
    await pipeline.publishChart(chart);
    const first = startTrackSearchProcess(env);
    children.push(first);
    await waitFor('the job to be under way', async () => {
      const job = await pipeline.jobOf(chart.payload.chartId);
      return job && job.processed_count >= 15 ? job : undefined;
    }, { timeoutMs: 60_000, intervalMs: 20 });
    first.kill('SIGKILL');
    await exited(first);
    const atCrash = (await pipeline.jobOf(chart.payload.chartId))!;
    expect(atCrash.status).toBe('processing');
    expect(atCrash.processed_count).toBeLessThan(100);

    children.push(startTrackSearchProcess(env));
    const job = await pipeline.waitForJob(chart.payload.chartId, 'completed', 90_000);
    expect(job).toMatchObject({ expected_count: 100, processed_count: 100, matched_count: 99, not_found_count: 1, failed_count: 0 });
    const [{ items }] = await pipeline.db.dataSource.query(`SELECT count(*)::int AS items FROM job_items WHERE job_id = $1`, [job.id]);
    expect(items).toBe(100);
    expect(await pipeline.settledCompletions(job.id)).toHaveLength(1);
  }, 150_000);
});
