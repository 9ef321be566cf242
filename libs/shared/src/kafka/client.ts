// One kafkajs client per process for publishing, topic admin and lag reads.
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { kafkaSecurityFromEnv } from './security';

export function createKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    ...kafkaSecurityFromEnv(),
    logLevel: logLevel.ERROR,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
  });
}

export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    retry: { initialRetryTime: 300, retries: 8 },
  });
}
