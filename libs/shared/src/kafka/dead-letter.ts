// Builds the envelope of a dead-letter message.
import { randomUUID } from 'node:crypto';
import { CONTRACT_VERSION } from '../contracts/envelope';
import { DeadLetter, deadLetterSchema } from '../contracts/messages';

export function createDeadLetter(payload: Omit<DeadLetter['payload'], 'failedAt'>, now = new Date()): DeadLetter {
  return deadLetterSchema.parse({
    id: randomUUID(),
    type: 'dead-letter',
    version: CONTRACT_VERSION,
    occurredAt: now.toISOString(),
    payload: { ...payload, failedAt: now.toISOString() },
  });
}
