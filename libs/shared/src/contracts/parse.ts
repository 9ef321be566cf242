// One parser for every message: raw Kafka value in, a typed message or a typed error out.
import { z } from 'zod';
import { CONTRACT_VERSION } from './envelope';

export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(
    readonly schemaName: string,
    readonly reason: string,
  ) {
    super(`malformed ${schemaName} message: ${reason}`);
  }
}

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: ContractError };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decode(raw: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (raw === null || raw === undefined) return { ok: false, reason: 'empty message' };
  let text: string | undefined;
  if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) {
    try {
      text = strictUtf8.decode(raw);
    } catch {
      return { ok: false, reason: 'value is not valid UTF-8' };
    }
  } else if (typeof raw === 'string') text = raw;
  if (text === undefined) return { ok: true, value: raw };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `value is not JSON (${(error as Error).message})` };
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Parses a message against its schema; never throws. */
export function parseMessage<S extends z.ZodType>(schema: S, schemaName: string, raw: unknown): ParseResult<z.infer<S>> {
  const decoded = decode(raw);
  if (!decoded.ok) return { ok: false, error: new ContractError(schemaName, decoded.reason) };
  const value = decoded.value as { version?: unknown } | null;
  if (value && typeof value === 'object' && 'version' in value && value.version !== CONTRACT_VERSION) {
    return {
      ok: false,
      error: new ContractError(schemaName, `unknown version ${JSON.stringify(value.version)} (expected ${CONTRACT_VERSION})`),
    };
  }
  const result = schema.safeParse(value);
  if (!result.success) return { ok: false, error: new ContractError(schemaName, describeIssues(result.error)) };
  return { ok: true, message: result.data };
}
