// Tells an outage of PostgreSQL or Kafka (wait and retry, never dead-letter) from a bad message.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

export function isInfrastructureError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    const code = typeof candidate.code === 'string' ? candidate.code : '';
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    const name = typeof candidate.name === 'string' ? candidate.name : '';
    if (CONNECTION_CODES.has(code)) return true;
    // SQLSTATE class 08 (connection exception), 57P0x (server shutting down), 53 (insufficient resources).
    if (/^(08|57P0|53)/.test(code)) return true;
    if (/Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end|the database system is (starting up|shutting down)/i.test(message)) return true;
    if (name.startsWith('KafkaJS') && !/KafkaJSNonRetriableError/.test(name)) return true;
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}
