// What every charts-vibe service gets: config, logs, database, Kafka producer, the
// safe consumer wrapper, the outbox relay, health and metrics endpoints.
import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Kafka } from 'kafkajs';
import { LoggerModule } from 'nestjs-pino';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import type { BaseConfig } from '../config/config';
import { dataSourceOptions } from '../database/data-source';
import { API_TOKEN, BearerTokenGuard } from '../http/bearer-token.guard';
import { HealthController, KafkaHealthIndicator } from '../http/health.controller';
import { MetricsController } from '../http/metrics.controller';
import { createKafka } from '../kafka/client';
import { KafkaMessageHandler, RETRY_POLICY, RetryPolicy, SERVICE_NAME } from '../kafka/message-handler';
import { KafkaPublisher } from '../kafka/publisher';
import { consumerGroupIdOf } from '../kafka/transport';
import { ConsumerLagCollector } from '../observability/consumer-lag';
import { collectProcessMetrics } from '../observability/metrics';
import { nestLoggerParams, secretValuesOf } from '../observability/logger';
import { flushTracing } from '../observability/spans';
import { OutboxRelay } from '../outbox/outbox-relay';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export interface CoreModuleOptions {
  serviceName: string;
  config: BaseConfig;
}

@Injectable()
export class OutboxRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(
    dataSource: DataSource,
    publisher: KafkaPublisher,
    @Inject(SERVICE_CONFIG) private readonly config: BaseConfig,
  ) {
    this.relay = new OutboxRelay(dataSource, publisher, {
      databaseUrl: config.DATABASE_URL,
      batchSize: config.OUTBOX_BATCH_SIZE,
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.OUTBOX_RELAY_ENABLED) this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

@Injectable()
class KafkaHealthLifecycle implements BeforeApplicationShutdown {
  constructor(private readonly indicator: KafkaHealthIndicator) {}
  async beforeApplicationShutdown(): Promise<void> {
    await this.indicator.close();
  }
}

/** Exports this service's consumer lag, and exports the buffered spans once everything has stopped. */
@Injectable()
export class ObservabilityLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  readonly lag: ConsumerLagCollector;

  constructor(kafka: Kafka, @Inject(SERVICE_CONFIG) config: BaseConfig, @Inject(SERVICE_NAME) serviceName: string) {
    this.lag = new ConsumerLagCollector(kafka, consumerGroupIdOf(config.KAFKA_GROUP_ID ?? serviceName));
  }

  onApplicationBootstrap(): void {
    this.lag.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.lag.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}

@Global()
@Module({})
export class CoreModule {
  static forRoot({ serviceName, config }: CoreModuleOptions): DynamicModule {
    collectProcessMetrics();
    const retryPolicy: RetryPolicy = {
      maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
      initialDelayMs: config.CONSUMER_RETRY_INITIAL_MS,
      maxDelayMs: config.CONSUMER_RETRY_MAX_MS,
    };
    const clientId = config.KAFKA_CLIENT_ID ?? `${serviceName}-${hostname()}`;
    return {
      module: CoreModule,
      imports: [
        LoggerModule.forRoot(nestLoggerParams(serviceName, config.LOG_LEVEL, config.LOG_PRETTY, secretValuesOf(config))),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE), retryDelay: 1_000 }),
        TerminusModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: serviceName },
        { provide: RETRY_POLICY, useValue: retryPolicy },
        { provide: API_TOKEN, useValue: config.API_TOKEN },
        { provide: Kafka, useValue: createKafka(config.KAFKA_BROKERS, clientId) },
        KafkaPublisher,
        KafkaMessageHandler,
        KafkaHealthIndicator,
        KafkaHealthLifecycle,
        BearerTokenGuard,
        OutboxRelayLifecycle,
        ObservabilityLifecycle,
      ],
      exports: [
        SERVICE_CONFIG,
        SERVICE_NAME,
        API_TOKEN,
        Kafka,
        KafkaPublisher,
        KafkaMessageHandler,
        BearerTokenGuard,
        OutboxRelayLifecycle,
      ],
    };
  }
}
