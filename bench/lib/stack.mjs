// Shared by the benchmarks: the local infrastructure, a fresh database, and the compiled
// services started as child processes (as in Kubernetes), with their readiness awaited.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { infraUp } from '../../scripts/infra/index.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = await import(path.join(repoRoot, 'libs/shared/dist/index.js'));

export async function infrastructure() {
  if (process.env.KAFKA_BROKERS && process.env.DATABASE_URL) {
    return { KAFKA_BROKERS: process.env.KAFKA_BROKERS, DATABASE_URL: process.env.DATABASE_URL };
  }
  return (await infraUp()).vars;
}

export async function freshDatabase(baseUrl) {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const dataSource = await shared.createDataSource(url.toString(), 4).initialize();
  await shared.runMigrations(dataSource);
  return {
    url: url.toString(),
    name,
    dataSource,
    async drop() {
      await dataSource.destroy();
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

let nextPort = 4100 + Math.floor(Math.random() * 400);

export async function startService(name, env) {
  const main = path.join(repoRoot, 'services', name, 'dist/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npx nx run-many -t build\` first`);
  const port = nextPort++;
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', main], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, HTTP_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60_000) throw new Error(`${name} not ready after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name, child, port, readyMs: Date.now() - started };
}

export async function stopService(service) {
  if (service.child.exitCode !== null) return;
  const exited = new Promise((resolve) => service.child.once('exit', resolve));
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export function fixtureFile(fixture) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cv-bench-')), 'search.json');
  writeFileSync(file, JSON.stringify(fixture));
  return file;
}

export function syntheticChart(count, firstId, chartRef) {
  const day = new Date().toISOString().slice(0, 10);
  return shared.createMessage('chart.scraped', {
    chartId: `${chartRef}:${day}`,
    chartRef,
    source: 'page',
    sourceUrl: 'https://www.beatport.com/top-100',
    chartName: `bench ${chartRef}`,
    scrapedAt: new Date().toISOString(),
    tracks: Array.from({ length: count }, (_, i) => ({
      position: i + 1,
      beatportId: firstId + i,
      title: `Bench Track ${firstId + i}`,
      mixName: 'Original Mix',
      artists: [`Bench Artist ${(firstId + i) % 97}`],
      remixers: [],
      label: null,
      genre: null,
      bpm: 128,
      key: null,
      lengthMs: 360_000,
      releaseDate: null,
      isrc: null,
    })),
  });
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (values) => percentile(values, 50);

export function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}`;
}

export { shared };

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/** Samples the peak RSS of processes until `stop()` is called. */
export function rssPeaks(services, intervalMs = 100) {
  const peaks = new Map(services.map((s) => [s, 0]));
  const timer = setInterval(() => {
    for (const s of services) peaks.set(s, Math.max(peaks.get(s), rssMiB(s.child.pid) || 0));
  }, intervalMs);
  return { stop: () => (clearInterval(timer), peaks) };
}
