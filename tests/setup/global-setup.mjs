// Starts the real local Kafka and PostgreSQL for the test run unless the caller
// already points at some (KAFKA_BROKERS and DATABASE_URL set, as .ci/run does).
import { randomBytes } from 'node:crypto';
import { infraUp } from '../../scripts/infra/index.mjs';

export default async function globalSetup() {
  process.env.CHARTS_VIBE_TEST_RUN = randomBytes(4).toString('hex');
  if (process.env.KAFKA_BROKERS && process.env.DATABASE_URL) return;
  const { vars, started } = await infraUp();
  Object.assign(process.env, vars);
  // A developer's running stack is left alone; what this run started, it stops.
  globalThis.__CHARTS_VIBE_STARTED_INFRA__ = started;
}
