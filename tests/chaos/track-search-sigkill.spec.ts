// Two track-search replicas (compiled, as pods run them) share a 200-track job; three times,
// at a random point of the job, one of them is SIGKILLed and a replacement starts. The job
// completes with exact counts, one job.completed, and every request accounted for.
import { serviceEnv, waitFor } from '@charts-vibe/shared/testing';
import path from 'node:path';
import { Pipeline } from '../orchestrator/harness';
import { chaosJob, chaosServiceEnv, seededRandom, workDir } from './support/scenario';
import { assertBuilt, ServiceProcess } from './support/service-process';
import { verifyJob } from './support/verify';

describe('track-search replicas SIGKILLed during a job', () => {
  const pipeline = new Pipeline();
  const work = workDir('sigkill');
  const replicas: ServiceProcess[] = [];

  beforeAll(async () => {
    assertBuilt('track-search');
    await pipeline.start();
    await pipeline.startChartProcessor();
  }, 90_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill()));
    await pipeline.stop();
    work.cleanup();
  }, 60_000);

  it('counts every track once and completes once when replicas are killed three times at random moments', async () => {
    const random = seededRandom('track-search SIGKILL');
    const job = chaosJob(work.dir, 610_001);
    const env = serviceEnv(pipeline.db.url, chaosServiceEnv({
      KAFKA_GROUP_ID: pipeline.trackSearchGroup,
      SEARCH_FIXTURE_FILE: job.fixtureFile,
      // 2 replicas × 10 searches/s: about 10 s of work, so the kills land while it runs.
      SEARCH_RATE_PER_SECOND: '10',
    }));
    let started = 0;
    const startReplica = async () => {
      const replica = await ServiceProcess.start('track-search', env, path.join(work.dir, `track-search-${++started}.log`));
      replicas.push(replica);
      return replica;
    };
    const live = [await startReplica(), await startReplica()];
    await Promise.all(live.map((r) => r.waitUntilReady()));
    await pipeline.publishChart(job.chart);

    // Three kill points spread over the job: somewhere in each third of the first 180 tracks.
    const killAt = [random.between(10, 60), random.between(70, 120), random.between(130, 180)];
    const killed: { at: number; processed: number }[] = [];
    for (const at of killAt) {
      await waitFor(`${at} tracks processed`, async () => {
        const progress = await pipeline.jobOf(job.chart.payload.chartId);
        return progress && progress.processed_count >= at;
      }, { timeoutMs: 90_000, intervalMs: 20 });
      const victim = live.splice(random.between(0, live.length - 1), 1)[0];
      await victim.kill();
      killed.push({ at, processed: (await pipeline.jobOf(job.chart.payload.chartId))!.processed_count });
      live.push(await startReplica());
    }
    expect(killed.every((k) => k.processed < job.counts.expected)).toBe(true);

    try {
      await pipeline.waitForJob(job.chart.payload.chartId, 'completed', 120_000);
    } catch (error) {
      for (const replica of replicas) console.error(`track-search ${replica.pids.join(',')}:\n${replica.logTail()}`);
      throw error;
    }
    const ledger = await verifyJob(pipeline.db.dataSource, pipeline.kafka, job.chart.payload.chartId, job.counts);
    expect(ledger.deadLetters).toEqual([]);
    console.log(`track-search SIGKILL (seed ${random.seed}): killed at ${JSON.stringify(killed)}; job.completed copies ${ledger.completedCopies}`);
  }, 240_000);
});
