// The process's Kafka producer: connected once, used by the outbox relay and the DLQ.
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Message, Producer } from 'kafkajs';
import { createProducer } from './client';

@Injectable()
export class KafkaPublisher implements OnApplicationShutdown {
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  constructor(private readonly kafka: Kafka) {}

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const producer = createProducer(this.kafka);
      await producer.connect();
      this.producer = producer;
      return producer;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Sends messages to several topics in one request; resolves once every broker acknowledged. */
  async sendBatch(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    if (topicMessages.length === 0) return;
    const producer = await this.connected();
    await producer.sendBatch({ topicMessages, acks: -1 });
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    await this.sendBatch([{ topic, messages }]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }
}
