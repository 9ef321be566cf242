#!/usr/bin/env node
// bench/orchestration: a synthetic 10,000-track job through chart-processor and 1, 2 and
// 4 track-search workers (compiled services, instant fixture provider) on the local Kafka
// and PostgreSQL. Prints tracks/s, the latency from the last outcome's commit to
// job.completed arriving on the topic (p50/p99), and pgbench's ceiling on the same database.
//   node bench/orchestration/run.mjs        (env: BENCH_TRACKS, BENCH_RUNS, BENCH_WORKERS)
import { randomBytes } from 'node:crypto';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { pgbenchCeiling } from './pgbench.mjs';
import { fixtureFile, freshDatabase, infrastructure, machine, median, percentile, startService, stopService, syntheticChart } from '../lib/stack.mjs';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const SMALL_JOBS = Number(process.env.BENCH_SMALL_JOBS ?? 20);

const infra = await infrastructure();
const db = await freshDatabase(infra.DATABASE_URL);
const prefix = `bench-${randomBytes(3).toString('hex')}.`;
const env = {
  KAFKA_BROKERS: infra.KAFKA_BROKERS,
  DATABASE_URL: db.url,
  KAFKA_TOPIC_PREFIX: prefix,
  KAFKA_TOPIC_PARTITIONS: '12',
  OUTBOX_POLL_INTERVAL_MS: '500',
};
const kafka = new Kafka({ clientId: 'bench', brokers: infra.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
const producer = kafka.producer();
await producer.connect();
const admin = kafka.admin();
await admin.connect();

console.log(`bench/orchestration — ${machine()}`);
console.log(`${TRACKS} tracks per job, ${RUNS} run(s) per worker count, instant provider\n`);

const services = [];
try {
  const chartProcessor = await startService('chart-processor', env);
  services.push(chartProcessor);

  const receivedAt = new Map();
  const recorder = kafka.consumer({ groupId: `bench-recorder-${randomBytes(3).toString('hex')}` });
  await recorder.connect();
  await recorder.subscribe({ topic: `${prefix}job.completed`, fromBeginning: true });
  await recorder.run({
    eachMessage: async ({ message }) => void receivedAt.set(JSON.parse(message.value.toString()).payload.jobId, Date.now()),
  });

  const ceiling = await pgbenchCeiling(db.dataSource, db.url);
  console.log(`pgbench, ${ceiling.clients} clients, one job row: single-row transaction ${ceiling.singleRowTps.toFixed(0)} tps; batched (${ceiling.batchSize}/txn) ${ceiling.batchedRowsPerSecond.toFixed(0)} rows/s\n`);

  let nextId = 1;
  async function runJob(count, tag) {
    const chart = syntheticChart(count, nextId, `beatport:bench-${tag}-${nextId}`);
    nextId += count;
    // A 10,000-track chart is ~2.5 MB of JSON, past Kafka's 1 MB message limit: gzip it (kafkajs reads gzip natively).
    await producer.send({ topic: `${prefix}chart.scraped`, acks: -1, compression: CompressionTypes.GZIP, messages: [{ key: chart.payload.chartId, value: JSON.stringify(chart) }] });
    for (;;) {
      const [job] = await db.dataSource.query(`SELECT id, status, created_at, completed_at, processed_count, expected_count FROM jobs WHERE chart_id = $1`, [chart.payload.chartId]);
      if (job?.status === 'completed' && receivedAt.has(job.id)) {
        const completedAt = new Date(job.completed_at).getTime();
        return {
          seconds: (completedAt - new Date(job.created_at).getTime()) / 1000,
          completionLatencyMs: receivedAt.get(job.id) - completedAt,
          exact: job.processed_count === count && job.expected_count === count,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const rows = [];
  for (const workers of WORKERS) {
    const group = `bench-track-search-${workers}-${randomBytes(3).toString('hex')}`;
    const trackEnv = {
      ...env,
      KAFKA_GROUP_ID: group,
      SEARCH_PROVIDER: 'fixture',
      SEARCH_FIXTURE_FILE: fixtureFile({}),
      SEARCH_RATE_PER_SECOND: '100000',
      SEARCH_CONCURRENCY: '64',
      KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: '12',
    };
    const pool = await Promise.all(Array.from({ length: workers }, () => startService('track-search', trackEnv)));
    services.push(...pool);
    for (;;) {
      const { groups } = await admin.describeGroups([`${group}-server`]);
      if (groups[0]?.state === 'Stable' && groups[0].members.length === workers) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await runJob(200, `warmup${workers}`);
    const big = [];
    for (let run = 0; run < RUNS; run++) big.push(await runJob(TRACKS, `w${workers}r${run}`));
    const small = [];
    for (let i = 0; i < SMALL_JOBS; i++) small.push(await runJob(10, `small${workers}`));
    const latencies = [...big, ...small].map((r) => r.completionLatencyMs);
    rows.push({
      workers,
      tracksPerSecond: median(big.map((r) => TRACKS / r.seconds)),
      jobSeconds: median(big.map((r) => r.seconds)),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      exact: [...big, ...small].every((r) => r.exact),
    });
    for (const worker of pool) await stopService(worker);
    services.splice(services.length - pool.length, pool.length);
  }

  console.log('workers | tracks/s (median) | 10k job (s) | completion latency p50 / p99 (ms) | vs single-row pgbench | counts exact');
  for (const r of rows) {
    console.log(
      `${String(r.workers).padStart(7)} | ${r.tracksPerSecond.toFixed(0).padStart(17)} | ${r.jobSeconds.toFixed(2).padStart(11)} | ${`${r.p50} / ${r.p99}`.padStart(33)} | ${(r.tracksPerSecond / ceiling.singleRowTps).toFixed(2).padStart(20)}× | ${r.exact ? 'yes' : 'NO'}`,
    );
  }
  await recorder.disconnect();
} finally {
  for (const service of services.reverse()) await stopService(service);
  await producer.disconnect();
  await admin.disconnect();
  await db.drop();
}
