// Where the local infrastructure lives and listens. Ports are configurable so a
// developer's stack and a test run can coexist.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function infraConfig(env = process.env) {
  const stateDir = path.resolve(env.CHARTS_VIBE_INFRA_DIR ?? path.join(repoRoot, '.cache/infra'));
  const kafkaPort = Number(env.KAFKA_PORT ?? 19092);
  const pgPort = Number(env.PG_PORT ?? 15432);
  return {
    stateDir,
    kafka: {
      port: kafkaPort,
      controllerPort: Number(env.KAFKA_CONTROLLER_PORT ?? kafkaPort + 1),
      dataDir: path.join(stateDir, 'kafka-data'),
      libsDir: path.join(repoRoot, '.cache/kafka/libs'),
      pom: path.join(repoRoot, 'infra/kafka/pom.xml'),
      log4j: path.join(repoRoot, 'infra/kafka/log4j2.properties'),
      logFile: path.join(stateDir, 'kafka.log'),
      pidFile: path.join(stateDir, 'kafka.pid'),
      brokers: `127.0.0.1:${kafkaPort}`,
    },
    postgres: {
      port: pgPort,
      dataDir: path.join(stateDir, 'postgres-data'),
      logFile: path.join(stateDir, 'postgres.log'),
      pidFile: path.join(stateDir, 'postgres.pid'),
      database: 'charts_vibe',
      url: `postgres://postgres:postgres@127.0.0.1:${pgPort}/charts_vibe`,
    },
  };
}
