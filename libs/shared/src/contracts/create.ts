// Builds envelopes for outgoing messages; validated so a producer bug never reaches the topic.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CONTRACT_VERSION } from './envelope';
import { schemaByTopic } from './messages';

type TopicWithSchema = keyof typeof schemaByTopic;
export type PayloadOf<T extends TopicWithSchema> = z.infer<(typeof schemaByTopic)[T]>['payload'];
export type MessageOf<T extends TopicWithSchema> = z.infer<(typeof schemaByTopic)[T]>;

export function createMessage<T extends TopicWithSchema>(topic: T, payload: PayloadOf<T>, now = new Date()): MessageOf<T> {
  const envelope = { id: randomUUID(), type: topic, version: CONTRACT_VERSION, occurredAt: now.toISOString(), payload };
  return schemaByTopic[topic].parse(envelope) as MessageOf<T>;
}
