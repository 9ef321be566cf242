// Starts and stops the local Kafka and PostgreSQL; used by `npm run infra:*`,
// by the jest global setup and by `npm start`.
import fs from 'node:fs';
import path from 'node:path';
import { infraConfig } from './config.mjs';
import { startKafka, stopKafka } from './kafka.mjs';
import { startPostgres, stopPostgres } from './postgres.mjs';

export { infraConfig };

/** Starts what is not running yet; `started` says whether this call started anything. */
export async function infraUp(env = process.env) {
  const cfg = infraConfig(env);
  fs.mkdirSync(cfg.stateDir, { recursive: true });
  // Sequential on purpose: the JVM and initdb together starve a 2-core machine.
  const postgres = await startPostgres(cfg.postgres);
  const kafka = await startKafka(cfg.kafka);
  const vars = { KAFKA_BROKERS: cfg.kafka.brokers, DATABASE_URL: cfg.postgres.url };
  fs.writeFileSync(path.join(cfg.stateDir, 'env'), Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join(''));
  return { vars, started: postgres.started || kafka.started };
}

export async function infraDown(env = process.env) {
  const cfg = infraConfig(env);
  await stopKafka(cfg.kafka);
  await stopPostgres(cfg.postgres);
}
