// The Kafka broker, then PostgreSQL, stopped and started again in the middle of a 200-track
// job. Both run privately for this file (the shared ones stay up for every other test);
// chart-processor and track-search run compiled, as child processes pointed at them, so they
// live through the outage as a pod would: readiness goes red, then green, and the job
// completes with exact counts, one job.completed and nothing lost.
import { topicName, Topics } from '@charts-vibe/shared';
import { waitFor } from '@charts-vibe/shared/testing';
import { Kafka, Producer } from 'kafkajs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { PrivateInfra } from './support/private-infra';
import { chaosJob, chaosServiceEnv, ChaosJob, workDir } from './support/scenario';
import { assertBuilt, ServiceProcess } from './support/service-process';
import { verifyJob } from './support/verify';

const work = workDir('infra');
let infra: PrivateInfra;
let kafka: Kafka;
let producer: Producer;
const services: ServiceProcess[] = [];
const dataSources: DataSource[] = [];

beforeAll(async () => {
  assertBuilt('chart-processor', 'track-search');
  infra = await PrivateInfra.start();
  kafka = infra.kafka();
  producer = kafka.producer({ retry: { retries: 20 } });
  await producer.connect();
}, 240_000);

afterAll(async () => {
  await Promise.all(services.map((s) => s.kill()));
  await producer?.disconnect().catch(() => undefined);
  await Promise.all(dataSources.map((d) => d.destroy().catch(() => undefined)));
  await infra?.stop();
  work.cleanup();
}, 120_000);

const filePrefix = process.env.KAFKA_TOPIC_PREFIX ?? '';

/** chart-processor and track-search on the private infrastructure, with a database and topics of their own. */
async function startPipeline(name: string, job: ChaosJob): Promise<{ db: DataSource; pipeline: ServiceProcess[] }> {
  // topicName() reads the prefix when called, and the services inherit it.
  process.env.KAFKA_TOPIC_PREFIX = `${filePrefix}${name}.`;
  const { url, dataSource } = await infra.createDatabase();
  dataSources.push(dataSource);
  const env = chaosServiceEnv({
    KAFKA_BROKERS: infra.brokers,
    DATABASE_URL: url,
    KAFKA_GROUP_ID: `${name}-${Date.now()}`,
    SEARCH_FIXTURE_FILE: job.fixtureFile,
    // 200 tracks at 25/s: about 8 s of work, long enough for the fault to land mid-job.
    SEARCH_RATE_PER_SECOND: '25',
  });
  const pipeline = await Promise.all([
    ServiceProcess.start('chart-processor', { ...env, KAFKA_GROUP_ID: `${env.KAFKA_GROUP_ID}-cp` }, path.join(work.dir, `${name}-chart-processor.log`)),
    ServiceProcess.start('track-search', env, path.join(work.dir, `${name}-track-search.log`)),
  ]);
  services.push(...pipeline);
  await Promise.all(pipeline.map((s) => s.waitUntilReady(90_000)));
  return { db: dataSource, pipeline };
}

async function processedSoFar(db: DataSource, chartId: string): Promise<number> {
  const [job] = await db.query(`SELECT processed_count FROM jobs WHERE chart_id = $1`, [chartId]);
  return job?.processed_count ?? 0;
}

/**
 * Polls /health/ready of each service; `recovered()` resolves once every service has
 * answered 503 and, after that, 200 — red, then green — and gives what each one answered, in order.
 */
function watchReadiness(pipeline: ServiceProcess[]): { recovered(timeoutMs: number): Promise<Record<string, (number | null)[]>> } {
  const seen: Record<string, (number | null)[]> = Object.fromEntries(pipeline.map((s) => [s.name, []]));
  const redThenGreen = (statuses: (number | null)[]) => statuses.includes(503) && statuses.slice(statuses.indexOf(503)).includes(200);
  let watching = true;
  const loops = pipeline.map(async (service) => {
    const statuses = seen[service.name];
    while (watching && !redThenGreen(statuses)) {
      const status = await service.readiness();
      if (statuses.at(-1) !== status) statuses.push(status);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  });
  return {
    async recovered(timeoutMs) {
      const timer = setTimeout(() => (watching = false), timeoutMs);
      await Promise.all(loops);
      clearTimeout(timer);
      for (const [name, statuses] of Object.entries(seen)) expect({ name, redThenGreen: redThenGreen(statuses), statuses }).toMatchObject({ name, redThenGreen: true });
      return seen;
    },
  };
}

async function waitForCompletion(db: DataSource, job: ChaosJob, pipeline: ServiceProcess[]): Promise<void> {
  try {
    await waitFor(
      `job of ${job.chart.payload.chartId} to complete`,
      async () => (await db.query(`SELECT status FROM jobs WHERE chart_id = $1`, [job.chart.payload.chartId]))[0]?.status === 'completed',
      { timeoutMs: 120_000, intervalMs: 250 },
    );
  } catch (error) {
    for (const service of pipeline) console.error(`${service.name} log:\n${service.logTail()}`);
    throw error;
  }
}

it('completes a 200-track job exactly when the Kafka broker restarts in the middle of it', async () => {
  const job = chaosJob(work.dir, 410_001);
  const { db, pipeline } = await startPipeline('kafka-restart', job);
  await producer.send({ topic: topicName(Topics.chartScraped), acks: -1, messages: [{ key: job.chart.payload.chartId, value: JSON.stringify(job.chart) }] });
  await waitFor('the job to be under way', async () => (await processedSoFar(db, job.chart.payload.chartId)) >= 40, { timeoutMs: 60_000, intervalMs: 50 });

  const readiness = watchReadiness(pipeline);
  await infra.stopKafka();
  const atStop = await processedSoFar(db, job.chart.payload.chartId);
  // Down long enough for every client to notice, then the same broker (same data) comes back.
  await waitFor('both services to report Kafka down', async () => (await Promise.all(pipeline.map((s) => s.readiness()))).every((s) => s === 503), {
    timeoutMs: 30_000,
    intervalMs: 200,
  });
  await infra.startKafka();
  const seen = await readiness.recovered(90_000);
  expect(atStop).toBeLessThan(job.counts.expected);

  await waitForCompletion(db, job, pipeline);
  const ledger = await verifyJob(db, kafka, job.chart.payload.chartId, job.counts);
  expect(ledger.deadLetters).toEqual([]);
  console.log(`kafka restart: stopped at ${atStop}/200 processed; readiness ${JSON.stringify(seen)}; job.completed copies ${ledger.completedCopies}`);
  await Promise.all(pipeline.map((s) => s.stop()));
}, 240_000);

it('completes a 200-track job exactly when PostgreSQL restarts in the middle of it, readiness red then green', async () => {
  const job = chaosJob(work.dir, 420_001);
  const { db, pipeline } = await startPipeline('postgres-restart', job);
  await producer.send({ topic: topicName(Topics.chartScraped), acks: -1, messages: [{ key: job.chart.payload.chartId, value: JSON.stringify(job.chart) }] });
  await waitFor('the job to be under way', async () => (await processedSoFar(db, job.chart.payload.chartId)) >= 40, { timeoutMs: 60_000, intervalMs: 50 });

  const readiness = watchReadiness(pipeline);
  const atStop = await processedSoFar(db, job.chart.payload.chartId);
  await infra.stopPostgres();
  await waitFor('both services to report the database down', async () => (await Promise.all(pipeline.map((s) => s.readiness()))).every((s) => s === 503), {
    timeoutMs: 30_000,
    intervalMs: 200,
  });
  await infra.startPostgres();
  const seen = await readiness.recovered(90_000);
  expect(atStop).toBeLessThan(job.counts.expected);

  await waitForCompletion(db, job, pipeline);
  const ledger = await verifyJob(db, kafka, job.chart.payload.chartId, job.counts);
  expect(ledger.deadLetters).toEqual([]);
  console.log(`postgres restart: stopped at ${atStop}/200 processed; readiness ${JSON.stringify(seen)}; job.completed copies ${ledger.completedCopies}`);
  await Promise.all(pipeline.map((s) => s.stop()));
}, 240_000);
