// Options for the NestJS Kafka transport, shared by every service.
import { KafkaOptions, Transport } from '@nestjs/microservices';
import { logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from './security';

/** The NestJS Kafka server appends this to the configured client and group ids. */
export const NEST_KAFKA_SERVER_POSTFIX = '-server';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** The configured group id, before the transport's `-server` postfix. */
  groupId: string;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
}

/** The consumer group a NestJS Kafka microservice really joins (what KEDA must watch). */
export function consumerGroupIdOf(configuredGroupId: string): string {
  return `${configuredGroupId}${NEST_KAFKA_SERVER_POSTFIX}`;
}

export function kafkaTransportOptions(settings: KafkaSettings): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: NEST_KAFKA_SERVER_POSTFIX,
      // Values stay Buffers: the wrapper validates the exact bytes (invalid UTF-8 included).
      parser: { keepBinary: true },
      client: {
        clientId: settings.clientId,
        brokers: settings.brokers,
        ...kafkaSecurityFromEnv(),
        logLevel: logLevel.WARN,
        retry: { initialRetryTime: 300, retries: 30, maxRetryTime: 10_000 },
      },
      consumer: {
        groupId: settings.groupId,
        sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: Math.min(3_000, Math.floor((settings.sessionTimeoutMs ?? 30_000) / 3)),
        allowAutoTopicCreation: false,
        // Keep restarting after broker outages instead of giving up on the group.
        retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 500, maxRetryTime: 10_000 },
      },
      subscribe: { fromBeginning: true },
      run: {
        partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently ?? 1,
        autoCommit: true,
      },
      // The services publish through their own producer (outbox relay, DLQ); the transport's is unused.
      producerOnlyMode: false,
    },
  };
}
