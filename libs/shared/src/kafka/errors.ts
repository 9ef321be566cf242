// How a handler tells the consumer wrapper what kind of failure it hit.

/** The message can never succeed (bad data, a rule): no retries, straight to the DLQ. */
export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
}

/**
 * Not the message's fault and not worth burning its retries on (a misconfigured
 * credential, a consent page): the wrapper waits `retryAfterMs` and lets Kafka
 * redeliver the message, which is never dead-lettered for it.
 */
export class RetryLaterError extends Error {
  override readonly name: string = 'RetryLaterError';
  constructor(
    message: string,
    readonly retryAfterMs = 30_000,
  ) {
    super(message);
  }
}
