#!/usr/bin/env node
// bench/footprint: each service's start-up time to ready, its RSS idle, and its peak RSS
// while a 10,000-track job goes through (instant fixture provider, playlist to a file).
//   node bench/footprint/run.mjs        (env: BENCH_TRACKS, BENCH_RUNS)
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { fixtureFile, freshDatabase, infrastructure, machine, median, rssMiB, rssPeaks, startService, stopService, syntheticChart } from '../lib/stack.mjs';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NAMES = ['scraper', 'chart-processor', 'track-search', 'playlist'];

const infra = await infrastructure();
console.log(`bench/footprint — ${machine()}`);
console.log(`${RUNS} run(s); load: one ${TRACKS}-track job, instant provider, playlist written to a file\n`);

async function oneRun(run) {
  const db = await freshDatabase(infra.DATABASE_URL);
  const prefix = `benchf-${randomBytes(3).toString('hex')}.`;
  const env = { KAFKA_BROKERS: infra.KAFKA_BROKERS, DATABASE_URL: db.url, KAFKA_TOPIC_PREFIX: prefix, KAFKA_TOPIC_PARTITIONS: '12' };
  const extra = {
    'track-search': { SEARCH_PROVIDER: 'fixture', SEARCH_FIXTURE_FILE: fixtureFile({}), SEARCH_RATE_PER_SECOND: '100000', SEARCH_CONCURRENCY: '64', KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: '12' },
    playlist: { PLAYLIST_OUTPUT_DIR: mkdtempSync(path.join(os.tmpdir(), 'cv-footprint-')) },
  };
  const services = [];
  try {
    // One at a time, so each start-up time is its own.
    for (const name of NAMES) services.push(await startService(name, { ...env, ...extra[name] }));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idle = new Map(services.map((s) => [s.name, rssMiB(s.child.pid)]));

    const sampler = rssPeaks(services);
    const kafka = new Kafka({ clientId: 'bench-footprint', brokers: infra.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const chart = syntheticChart(TRACKS, 1 + run * TRACKS, `beatport:footprint-${run}`);
    // gzip: a 10,000-track chart is past Kafka's 1 MB message limit as plain JSON.
    await producer.send({ topic: `${prefix}chart.scraped`, acks: -1, compression: CompressionTypes.GZIP, messages: [{ key: chart.payload.chartId, value: JSON.stringify(chart) }] });
    await producer.disconnect();
    for (;;) {
      const [row] = await db.dataSource.query(
        `SELECT r.status FROM jobs j JOIN playlist_runs r ON r.job_id = j.id WHERE j.chart_id = $1`,
        [chart.payload.chartId],
      );
      if (row?.status === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const peaks = sampler.stop();
    return services.map((s) => ({ name: s.name, readyMs: s.readyMs, idle: idle.get(s.name), peak: peaks.get(s) }));
  } finally {
    for (const service of services.reverse()) await stopService(service);
    await db.drop();
  }
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await oneRun(i));
console.log('service         | start-up to ready (ms) | RSS idle (MiB) | RSS peak under load (MiB)');
for (const name of NAMES) {
  const of = (key) => median(runs.map((r) => r.find((s) => s.name === name)[key]));
  console.log(`${name.padEnd(15)} | ${of('readyMs').toFixed(0).padStart(22)} | ${of('idle').toFixed(0).padStart(14)} | ${of('peak').toFixed(0).padStart(25)}`);
}
