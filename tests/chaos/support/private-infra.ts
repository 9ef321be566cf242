// A Kafka broker and a PostgreSQL server of their own, for the cases that stop and restart
// them: the shared infrastructure the other test files use is never touched. Same scripts
// as `npm run infra:up` (scripts/infra), another state directory and other ports.
import { createDataSource, runMigrations } from '@charts-vibe/shared';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const repoRoot = path.resolve(__dirname, '../../..');

interface KafkaCfg {
  port: number;
  brokers: string;
}
interface PostgresCfg {
  port: number;
  url: string;
}
interface InfraConfig {
  stateDir: string;
  kafka: KafkaCfg;
  postgres: PostgresCfg;
}
interface InfraScripts {
  infraUp(env: NodeJS.ProcessEnv): Promise<{ vars: { KAFKA_BROKERS: string; DATABASE_URL: string } }>;
  infraDown(env: NodeJS.ProcessEnv): Promise<void>;
  infraConfig(env: NodeJS.ProcessEnv): InfraConfig;
  startKafka(cfg: KafkaCfg): Promise<unknown>;
  stopKafka(cfg: KafkaCfg): Promise<void>;
  startPostgres(cfg: PostgresCfg): Promise<unknown>;
  stopPostgres(cfg: PostgresCfg): Promise<void>;
}

async function scripts(): Promise<InfraScripts> {
  const load = (file: string) => import(pathToFileURL(path.join(repoRoot, 'scripts/infra', file)).href);
  const [index, kafka, postgres] = await Promise.all([load('index.mjs'), load('kafka.mjs'), load('postgres.mjs')]);
  return { ...index, ...kafka, ...postgres } as InfraScripts;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port p with p and p + 1 free (Kafka's controller listens on p + 1). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = 30_000 + 2 * Math.floor(Math.random() * 10_000);
    if ((await portIsFree(port)) && (await portIsFree(port + 1))) return port;
  }
}

export class PrivateInfra {
  private constructor(
    private readonly scripts: InfraScripts,
    private readonly env: NodeJS.ProcessEnv,
    readonly config: InfraConfig,
  ) {}

  static async start(): Promise<PrivateInfra> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CHARTS_VIBE_INFRA_DIR: path.join(repoRoot, '.cache', `chaos-${randomBytes(4).toString('hex')}`),
      KAFKA_PORT: String(await freePortPair()),
      PG_PORT: String(await freePortPair()),
    };
    delete env.KAFKA_CONTROLLER_PORT;
    const loaded = await scripts();
    const infra = new PrivateInfra(loaded, env, loaded.infraConfig(env));
    try {
      await loaded.infraUp(env);
    } catch (error) {
      await infra.stop();
      throw error;
    }
    return infra;
  }

  get brokers(): string {
    return this.config.kafka.brokers;
  }

  kafka(): Kafka {
    return new Kafka({ clientId: 'chaos-test', brokers: [this.brokers], logLevel: logLevel.NOTHING });
  }

  /** A fresh migrated database on this server; the URL for the services, a DataSource for the test. */
  async createDatabase(): Promise<{ url: string; dataSource: DataSource }> {
    const name = `chaos_${randomBytes(5).toString('hex')}`;
    const admin = new Client({ connectionString: this.config.postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(this.config.postgres.url);
    url.pathname = `/${name}`;
    const dataSource = await createDataSource(url.toString(), 3).initialize();
    await runMigrations(dataSource);
    return { url: url.toString(), dataSource };
  }

  stopKafka(): Promise<void> {
    return this.scripts.stopKafka(this.config.kafka);
  }

  async startKafka(): Promise<void> {
    await this.scripts.startKafka(this.config.kafka);
  }

  stopPostgres(): Promise<void> {
    return this.scripts.stopPostgres(this.config.postgres);
  }

  async startPostgres(): Promise<void> {
    await this.scripts.startPostgres(this.config.postgres);
  }

  /** Stops both and removes their data. */
  async stop(): Promise<void> {
    try {
      await this.scripts.infraDown(this.env);
    } finally {
      rmSync(this.config.stateDir, { recursive: true, force: true });
    }
  }
}
