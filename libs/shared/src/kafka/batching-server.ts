// The NestJS Kafka transport, handling up to `messagesConcurrently` messages of a partition
// at once (kafkajs eachBatch) instead of one after another (eachMessage). For handlers whose
// messages are independent and idempotent (track-search), this lets many outcomes share one
// database transaction. A chunk's offsets are resolved only once every message of it is
// done; if one fails, the error goes to kafkajs, which redelivers from the last resolved
// offset — the idempotent handlers absorb the repeats.
import { ServerKafka } from '@nestjs/microservices';
import type { KafkaOptions } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload } from 'kafkajs';

export class BatchingServerKafka extends ServerKafka {
  constructor(
    options: KafkaOptions['options'],
    private readonly messagesConcurrently: number,
  ) {
    super(options ?? {});
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()] as string[];
    if (topics.length > 0) await consumer.subscribe({ ...(this.options?.subscribe ?? {}), topics });
    await consumer.run({
      ...(this.options?.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, pause, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (let start = 0; start < batch.messages.length; start += this.messagesConcurrently) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + this.messagesConcurrently);
      const results = await Promise.allSettled(
        chunk.map((message) => this.handleMessage({ topic: batch.topic, partition: batch.partition, message, heartbeat, pause })),
      );
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw (failure as PromiseRejectedResult).reason;
      resolveOffset(chunk[chunk.length - 1].offset);
      await heartbeat();
      await commitOffsetsIfNecessary();
    }
  }
}
