// The envelope every charts-vibe message travels in: { id, type, version, occurredAt, payload }.
import { z } from 'zod';

export const CONTRACT_VERSION = 1 as const;

export function envelopeOf<TType extends string, TPayload extends z.ZodType>(type: TType, payload: TPayload) {
  return z.object({
    id: z.uuid(),
    type: z.literal(type),
    version: z.literal(CONTRACT_VERSION, { error: `unknown version (this service reads version ${CONTRACT_VERSION})` }),
    occurredAt: z.iso.datetime({ offset: true }),
    payload,
  });
}
