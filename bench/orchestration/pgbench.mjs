// The raw ceiling of the completion step on this database, measured with pgbench: the
// single-row transaction (INSERT job_items; UPDATE jobs … RETURNING) and a batched one
// (50 items, one counter update of +50), all against one job row as in a real job.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SINGLE = `\\set n random(1, 2000000000)
BEGIN;
INSERT INTO job_items (job_id, track_key, outcome) VALUES (:job, 'beatport:' || :n, 'matched') ON CONFLICT DO NOTHING;
UPDATE jobs SET processed_count = processed_count + 1, matched_count = matched_count + 1 WHERE id = :job RETURNING processed_count, expected_count;
END;
`;

const BATCH = 50;
const BATCHED = `\\set n random(1, 40000000)
BEGIN;
INSERT INTO job_items (job_id, track_key, outcome)
  SELECT :job, 'beatport:' || (:n * ${BATCH} + g), 'matched' FROM generate_series(1, ${BATCH}) g ON CONFLICT DO NOTHING;
UPDATE jobs SET processed_count = processed_count + ${BATCH}, matched_count = matched_count + ${BATCH} WHERE id = :job RETURNING processed_count, expected_count;
END;
`;

async function benchJob(dataSource) {
  const id = randomUUID();
  const chartId = `bench:pgbench:${id}`;
  await dataSource.query(
    `INSERT INTO charts (id, chart_ref, source, source_url, name, scraped_at, snapshot, content_hash, track_count)
     VALUES ($1, 'beatport:pgbench', 'page', 'https://www.beatport.com/', 'pgbench', now(), '{}', 'h', 0)`,
    [chartId],
  );
  // expected_count at its maximum so the counters never hit the CHECK constraint.
  await dataSource.query(
    `INSERT INTO jobs (id, chart_id, chart_ref, source, expected_count, deadline_at)
     VALUES ($1, $2, 'beatport:pgbench', 'page', 2147483647, now() + interval '1 day')`,
    [id, chartId],
  );
  return id;
}

function run(databaseUrl, script, jobId, { clients, seconds }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cv-pgbench-'));
  const file = path.join(dir, 'txn.sql');
  writeFileSync(file, script);
  const output = execFileSync(
    'pgbench',
    ['-n', '-c', String(clients), '-j', String(Math.min(clients, os.cpus().length)), '-T', String(seconds), '-f', file, '-M', 'simple', '-D', `job='${jobId}'`, databaseUrl],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`could not read pgbench's tps:\n${output}`);
  return tps;
}

/** Returns single-row transactions/s and batched rows/s (tracks/s) at `clients` connections. */
export async function pgbenchCeiling(dataSource, databaseUrl, { clients = 4, seconds = 8 } = {}) {
  const single = run(databaseUrl, SINGLE, await benchJob(dataSource), { clients, seconds });
  const batchedTps = run(databaseUrl, BATCHED, await benchJob(dataSource), { clients, seconds });
  return { clients, singleRowTps: single, batchedRowsPerSecond: batchedTps * BATCH, batchSize: BATCH };
}
