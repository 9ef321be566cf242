// Helpers for tests that run against the real Kafka and PostgreSQL started by the jest
// global setup. Each suite gets its own database and (through KAFKA_TOPIC_PREFIX, set
// per test file) its own topics, so suites can run in any order and in parallel.
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Consumer, EachMessagePayload, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../database/data-source';

export function requiredEnv(name: 'KAFKA_BROKERS' | 'DATABASE_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (its global setup starts the infrastructure)`);
  return value;
}

/** The base URL of an app listening on 127.0.0.1 (Nest reports a bound 127.0.0.1 as [::1] on some hosts). */
export async function appUrl(app: INestApplication): Promise<string> {
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export interface TestDatabase {
  url: string;
  name: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: requiredEnv('DATABASE_URL') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new empty database; migrated unless `migrate: false`. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = uniqueName('cv_test');
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(requiredEnv('DATABASE_URL'));
  url.pathname = `/${name}`;
  const dataSource = await createDataSource(url.toString(), 5).initialize();
  if (options.migrate !== false) await runMigrations(dataSource);
  return {
    url: url.toString(),
    name,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export function testKafka(clientId = uniqueName('test')): Kafka {
  return new Kafka({ clientId, brokers: requiredEnv('KAFKA_BROKERS').split(','), logLevel: logLevel.NOTHING });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 30_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Reads a topic from the beginning in the background; `messages` grows as they arrive. */
export class TopicRecorder {
  readonly messages: KafkaMessage[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
  ) {}

  async start(): Promise<this> {
    this.consumer = this.kafka.consumer({ groupId: uniqueName('recorder'), allowAutoTopicCreation: false });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({ eachMessage: async ({ message }: EachMessagePayload) => void this.messages.push(message) });
    return this;
  }

  values<T = unknown>(): T[] {
    return this.messages.map((m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as T);
  }

  async waitForCount(count: number, timeoutMs = 30_000): Promise<KafkaMessage[]> {
    await waitFor(`${count} message(s) on ${this.topic} (have ${this.messages.length})`, () => this.messages.length >= count, {
      timeoutMs,
    });
    return this.messages;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Base environment for a service under test: the shared infrastructure, its own database. */
export function serviceEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    KAFKA_BROKERS: requiredEnv('KAFKA_BROKERS'),
    DATABASE_URL: databaseUrl,
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    KAFKA_GROUP_ID: uniqueName('group'),
    OUTBOX_POLL_INTERVAL_MS: '200',
    CONSUMER_RETRY_INITIAL_MS: '20',
    CONSUMER_RETRY_MAX_MS: '100',
    ...extra,
  };
}
