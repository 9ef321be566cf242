// Starts a service as a NestJS hybrid application: Kafka microservice + HTTP server.
import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { hostname } from 'node:os';
import { BaseConfig, ConfigError } from '../config/config';
import { Topic } from '../contracts/topics';
import { createDataSource, runMigrations } from '../database/data-source';
import { createKafka } from '../kafka/client';
import { ensureTopics } from '../kafka/topics';
import { BatchingServerKafka } from '../kafka/batching-server';
import { kafkaTransportOptions } from '../kafka/transport';

export interface StartServiceOptions {
  serviceName: string;
  config: BaseConfig;
  appModule: DynamicModule;
  /** Whether the service consumes topics (a Kafka microservice is attached). */
  consumes: boolean;
  partitionsByTopic?: Partial<Record<Topic, number>>;
  /** Bind address; tests use 127.0.0.1 and port 0. */
  host?: string;
}

export async function startService(options: StartServiceOptions): Promise<INestApplication> {
  const { config, serviceName } = options;
  if (config.MIGRATE_ON_START) {
    const dataSource = await createDataSource(config.DATABASE_URL, 2).initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }
  await ensureTopics(createKafka(config.KAFKA_BROKERS, `${serviceName}-admin`), {
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    partitionsByTopic: options.partitionsByTopic,
  });

  const app = await NestFactory.create(options.appModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  if (options.consumes) {
    const transport = kafkaTransportOptions({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID ?? `${serviceName}-${hostname()}`,
      groupId: config.KAFKA_GROUP_ID ?? serviceName,
      partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    });
    app.connectMicroservice(
      config.KAFKA_MESSAGES_CONCURRENTLY > 1
        ? { strategy: new BatchingServerKafka(transport.options, config.KAFKA_MESSAGES_CONCURRENTLY) }
        : transport,
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await app.listen(config.HTTP_PORT, options.host ?? '0.0.0.0');
  return app;
}

/** For main.ts: a bad configuration or a failed start prints one clear line and exits non-zero. */
export function runMain(start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    const message = error instanceof ConfigError ? error.message : `failed to start: ${(error as Error).stack ?? error}`;
    console.error(message);
    process.exit(1);
  });
}
