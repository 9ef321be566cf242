// Reads a dead-letter topic from its first to its last message, and puts dead letters back
// on the topic they came from. A dead letter keeps the original bytes, key and headers
// (libs/shared/src/kafka/message-handler.ts), so a replay is the message as first sent;
// handlers are idempotent, so replaying one that meanwhile succeeded changes nothing.
import { ALL_TOPICS, DeadLetter, deadLetterSchema, dlqTopicOf, parseMessage } from '@charts-vibe/shared';
import { randomBytes } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { CliError } from '../io';

export interface DeadLetterRecord {
  partition: number;
  offset: string;
  /** Null when the DLQ message itself cannot be read (then `problem` says why). */
  letter: DeadLetter | null;
  /** The envelope id of the original message, when its value is a JSON envelope. */
  originalId: string | null;
  problem?: string;
}

/** `track.requested`, `track.requested.dlq` or the deployed name (prefix included) → the deployed DLQ name. */
export function dlqTopicFor(topic: string, prefix: string): string {
  const withoutDlq = topic.endsWith('.dlq') ? topic.slice(0, -'.dlq'.length) : topic;
  const logical = prefix && withoutDlq.startsWith(prefix) ? withoutDlq.slice(prefix.length) : withoutDlq;
  if (!(ALL_TOPICS as readonly string[]).includes(logical)) {
    throw new CliError(`unknown topic "${topic}": one of ${ALL_TOPICS.join(', ')}`, 2);
  }
  return dlqTopicOf(`${prefix}${logical}`);
}

function originalIdOf(value: string): string | null {
  try {
    const id = (JSON.parse(value) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

export async function readDeadLetters(kafka: Kafka, dlqTopic: string, timeoutMs = 30_000): Promise<DeadLetterRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    if (!(await admin.listTopics()).includes(dlqTopic)) throw new CliError(`there is no topic ${dlqTopic} (is KAFKA_TOPIC_PREFIX right?)`);
    const offsets = await admin.fetchTopicOffsets(dlqTopic);
    ends = new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]));
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];

  // A throwaway group, deleted afterwards: reading never moves anyone's offsets.
  const groupId = `charts-vibe-cli-${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const records: DeadLetterRecord[] = [];
  const pending = new Set(ends.keys());
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: dlqTopic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new CliError(`reading ${dlqTopic} took longer than ${timeoutMs / 1000} s (read ${records.length} so far)`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return;
            const parsed = parseMessage(deadLetterSchema, 'dead-letter', message.value);
            records.push({
              partition,
              offset: message.offset,
              letter: parsed.ok ? parsed.message : null,
              originalId: parsed.ok ? originalIdOf(parsed.message.payload.originalValue) : null,
              ...(parsed.ok ? {} : { problem: parsed.error.message }),
            });
            if (BigInt(message.offset) + 1n >= end) pending.delete(partition);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    const admin2 = kafka.admin();
    await admin2
      .connect()
      .then(() => admin2.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => admin2.disconnect());
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

export interface ReplaySelection {
  /** A dead letter's id or its original message's id; all letters when unset. */
  id?: string;
  /** Replay malformed messages too (they only come back to the DLQ unless their consumer changed). */
  includeMalformed?: boolean;
}

export function selectForReplay(records: DeadLetterRecord[], selection: ReplaySelection): DeadLetterRecord[] {
  const readable = records.filter((record) => record.letter);
  if (selection.id) {
    const chosen = readable.filter((record) => record.letter!.id === selection.id || record.originalId === selection.id);
    if (chosen.length === 0) throw new CliError(`no dead letter with id ${selection.id} (dead-letter id or original message id)`);
    return chosen;
  }
  return readable.filter((record) => selection.includeMalformed || record.letter!.payload.kind !== 'malformed');
}

/** Publishes each dead letter's original message back to its topic, in DLQ order; returns how many. */
export async function replayDeadLetters(producer: Producer, dlqTopic: string, records: DeadLetterRecord[]): Promise<number> {
  for (const { letter, partition, offset } of records) {
    const original = letter!.payload;
    await producer.send({
      topic: original.originalTopic,
      acks: -1,
      messages: [
        {
          key: original.originalKey,
          value: original.originalValue,
          headers: { ...original.originalHeaders, 'x-charts-vibe-replayed-from': `${dlqTopic}/${partition}@${offset}` },
        },
      ],
    });
  }
  return records.length;
}
