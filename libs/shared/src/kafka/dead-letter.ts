// Builds the envelope of a dead-letter message. The letter must fit in one Kafka message
// (1 MB by default) even when the original nearly filled one: quoted again inside the
// letter, an original full of quotes grows by half, the DLQ write would fail and the
// message would be redelivered forever, blocking its partition. So a long original value
// is cut, saying so at its end.
import { randomUUID } from 'node:crypto';
import { CONTRACT_VERSION } from '../contracts/envelope';
import { DeadLetter, deadLetterSchema } from '../contracts/messages';

/** The most an original value may take in a letter, as JSON text: a quarter of Kafka's default message size. */
export const MAX_ORIGINAL_VALUE_BYTES = 256 * 1024;

/** Bytes `text` takes once quoted in JSON. */
function quotedSize(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8');
}

/** `value` itself when it fits in `maxBytes` once quoted, else its longest beginning that does, and a marker. */
export function truncateOriginalValue(value: string, maxBytes = MAX_ORIGINAL_VALUE_BYTES): string {
  if (quotedSize(value) <= maxBytes) return value;
  const totalBytes = Buffer.byteLength(value, 'utf8');
  const marker = (keptBytes: number) => ` …[truncated: ${keptBytes} of ${totalBytes} bytes kept]`;
  const budget = maxBytes - quotedSize(marker(totalBytes));
  // The longest prefix within the budget. It never ends inside a surrogate pair: JSON writes a
  // lone surrogate as \udXXX (6 bytes), more than the whole pair takes (4).
  let low = 0;
  let high = value.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (quotedSize(value.slice(0, middle)) <= budget) low = middle;
    else high = middle - 1;
  }
  const kept = value.slice(0, low);
  return `${kept}${marker(Buffer.byteLength(kept, 'utf8'))}`;
}

export function createDeadLetter(payload: Omit<DeadLetter['payload'], 'failedAt'>, now = new Date()): DeadLetter {
  return deadLetterSchema.parse({
    id: randomUUID(),
    type: 'dead-letter',
    version: CONTRACT_VERSION,
    occurredAt: now.toISOString(),
    payload: { ...payload, originalValue: truncateOriginalValue(payload.originalValue), failedAt: now.toISOString() },
  });
}
