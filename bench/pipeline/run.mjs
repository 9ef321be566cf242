#!/usr/bin/env node
// bench/pipeline: a 100-track chart end to end — scraper (POST /scrape against the fake
// Beatport), chart-processor, track-search (the real ytmusic-api against the fake YouTube
// Music answering each search after 300 ms, under a 10 searches/s limit) and playlist
// (file output) — as compiled services on the local Kafka and PostgreSQL. Prints the time
// from the scrape request to the finished playlist against the rate-limit bound
// (100 searches / 10 per second = 10 s).
//   node bench/pipeline/run.mjs        (env: BENCH_RUNS, BENCH_LATENCY_MS, BENCH_RATE)
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDatabase, infrastructure, machine, median, repoRoot, startService, stopService } from '../lib/stack.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 300);
const RATE = Number(process.env.BENCH_RATE ?? 10);

const { FakeBeatport } = await import(path.join(repoRoot, 'libs/fakes/dist/beatport/fake-beatport.js'));
const { FakeYtMusic } = await import(path.join(repoRoot, 'libs/fakes/dist/ytmusic/fake-ytmusic.js'));
const { recordedChartCatalog } = await import(path.join(repoRoot, 'libs/fakes/dist/serve.js'));

const infra = await infrastructure();
console.log(`bench/pipeline — ${machine()}`);
console.log(`100-track chart, search latency ${LATENCY_MS} ms, rate limit ${RATE}/s → bound ${(100 / RATE).toFixed(1)} s\n`);

async function oneRun() {
  const beatport = new FakeBeatport().serveRecordedCharts();
  await beatport.start();
  const ytmusic = new FakeYtMusic({ catalog: recordedChartCatalog(), latencyMs: LATENCY_MS });
  await ytmusic.start();
  const db = await freshDatabase(infra.DATABASE_URL);
  const env = {
    KAFKA_BROKERS: infra.KAFKA_BROKERS,
    DATABASE_URL: db.url,
    KAFKA_TOPIC_PREFIX: `benchp-${randomBytes(3).toString('hex')}.`,
    KAFKA_TOPIC_PARTITIONS: '12',
    OUTBOX_POLL_INTERVAL_MS: '500',
  };
  const services = [];
  try {
    services.push(await startService('chart-processor', env));
    services.push(
      await startService('track-search', {
        ...env,
        SEARCH_PROVIDER: 'ytmusic',
        YTMUSIC_BASE_URL: ytmusic.url,
        SEARCH_RATE_PER_SECOND: String(RATE),
        // Enough searches in flight to keep the rate busy through the latency (10/s × 0.3 s = 3).
        SEARCH_CONCURRENCY: String(Math.max(2, Math.ceil((RATE * LATENCY_MS) / 1000) + 2)),
        KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: '12',
      }),
    );
    services.push(await startService('playlist', { ...env, PLAYLIST_OUTPUT_DIR: mkdtempSync(path.join(os.tmpdir(), 'cv-bench-playlists-')) }));
    const scraper = await startService('scraper', { ...env, BEATPORT_BASE_URL: beatport.url, BEATPORT_API_BASE_URL: beatport.url, SCRAPER_PAGE_DELAY_MS: '0' });
    services.push(scraper);

    const started = Date.now();
    const response = await fetch(`http://127.0.0.1:${scraper.port}/scrape`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chart: 'top-100' }),
    });
    if (response.status !== 202) throw new Error(`POST /scrape answered ${response.status}: ${await response.text()}`);
    const { chartId } = await response.json();
    const scraped = Date.now();
    for (;;) {
      const [row] = await db.dataSource.query(
        `SELECT j.created_at, j.completed_at, j.expected_count, j.matched_count, r.status AS playlist_status
           FROM jobs j LEFT JOIN playlist_runs r ON r.job_id = j.id WHERE j.chart_id = $1`,
        [chartId],
      );
      if (row?.playlist_status === 'done') {
        const finished = Date.now();
        return {
          total: (finished - started) / 1000,
          scrape: (scraped - started) / 1000,
          search: (new Date(row.completed_at) - new Date(row.created_at)) / 1000,
          playlist: (finished - new Date(row.completed_at)) / 1000,
          searched: row.expected_count,
          matched: row.matched_count,
          requests: ytmusic.searches.length,
        };
      }
      if (Date.now() - started > 180_000) throw new Error('no playlist after 180 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    for (const service of services.reverse()) await stopService(service);
    await db.drop();
    await beatport.stop();
    await ytmusic.stop();
  }
}

const runs = [];
for (let i = 0; i < RUNS; i++) {
  const run = await oneRun();
  runs.push(run);
  console.log(
    `run ${i + 1}: ${run.total.toFixed(2)} s to playlist (scrape ${run.scrape.toFixed(2)} s, job ${run.search.toFixed(2)} s, playlist ${run.playlist.toFixed(2)} s); ` +
      `${run.searched} tracks searched with ${run.requests} YouTube Music requests, ${run.matched} matched`,
  );
}
const bound = 100 / RATE;
const total = median(runs.map((r) => r.total));
console.log(`\nmedian time to playlist ${total.toFixed(2)} s; bound ${bound.toFixed(1)} s; ratio ${(total / bound).toFixed(2)} (target ≤ 1.15)`);
