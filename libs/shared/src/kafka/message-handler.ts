// Every @EventPattern handler goes through this wrapper. An error that escapes a NestJS
// Kafka handler is not committed and is redelivered forever, blocking its partition; here
// a malformed message goes to `<topic>.dlq` at once, a failing one after its last attempt,
// and only an outage (database, Kafka) or a RetryLaterError is handed back to Kafka for
// redelivery — those are never the message's fault.
//
// The handler's work runs in a `handle <topic>` span, a child of the message's trace
// context (the kafkajs instrumentation's `process` span, or the traceparent header), with
// the message's job and chart ids as span attributes and on every log line it writes.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { Span, SpanKind } from '@opentelemetry/api';
import { z } from 'zod';
import { createDeadLetter } from './dead-letter';
import { backoffDelay, sleep } from './backoff';
import { PermanentError, RetryLaterError } from './errors';
import { KafkaPublisher } from './publisher';
import { logicalTopic } from './topic-names';
import { parseMessage } from '../contracts/parse';
import { isInfrastructureError } from '../database/errors';
import { addLogFields, LogFields, withLogFields } from '../observability/logger';
import { sharedMetrics } from '../observability/metrics';
import { consumerParentContext, markFailed, SpanAttributes, withSpan } from '../observability/spans';

export interface MessageMeta {
  topic: string;
  key: string | null;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  attempt: number;
}

export interface HandlerSpec<T> {
  schema: z.ZodType<T>;
  process(message: T, meta: MessageMeta): Promise<void>;
  /** Runs once after the last failed attempt, before the message goes to the DLQ. */
  onExhausted?(message: T, error: Error, meta: MessageMeta): Promise<void>;
}

export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const RETRY_POLICY = Symbol('RETRY_POLICY');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The ids a message is about, for span attributes and log lines. */
function subjectOf(message: unknown): { messageId?: string; fields: LogFields } {
  const envelope = message as { id?: unknown; payload?: Record<string, unknown> } | null;
  const payload = envelope?.payload ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const fields: LogFields = {};
  if (text(payload.jobId)) fields.job_id = text(payload.jobId);
  if (text(payload.chartId)) fields.chart_id = text(payload.chartId);
  if (text(payload.trackKey)) fields.track_key = text(payload.trackKey);
  return { messageId: text(envelope?.id), fields };
}

function headersOf(raw: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(raw ?? {}).map(([name, value]) => [name, textOf(value)]));
}

@Injectable()
export class KafkaMessageHandler {
  private readonly logger = new Logger('KafkaMessageHandler');

  constructor(
    private readonly publisher: KafkaPublisher,
    @Inject(RETRY_POLICY) private readonly policy: RetryPolicy,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
  ) {}

  /** Handles one message; resolves when it is done or dead-lettered (so its offset may be committed). */
  async handle<T>(payload: unknown, context: KafkaContext, spec: HandlerSpec<T>): Promise<void> {
    const raw = context.getMessage();
    const meta: MessageMeta = {
      topic: context.getTopic(),
      key: raw.key === null || raw.key === undefined ? null : textOf(raw.key),
      partition: context.getPartition(),
      offset: raw.offset,
      headers: headersOf(raw.headers as Record<string, unknown>),
      attempt: 0,
    };
    const { parent, continued } = consumerParentContext(meta.headers);
    return withSpan(
      `handle ${logicalTopic(meta.topic)}`,
      {
        'messaging.system': 'kafka',
        'messaging.destination.name': meta.topic,
        'messaging.destination.partition.id': String(meta.partition),
        'messaging.kafka.offset': Number(meta.offset),
      },
      (span) => withLogFields({}, () => this.handleInSpan(payload, context, meta, spec, span)),
      // A child of the instrumentation's consumer span, or itself the consumer span.
      { parent, kind: continued ? SpanKind.INTERNAL : SpanKind.CONSUMER },
    );
  }

  private async handleInSpan<T>(
    payload: unknown,
    context: KafkaContext,
    meta: MessageMeta,
    spec: HandlerSpec<T>,
    span: Span,
  ): Promise<void> {
    const raw = context.getMessage();
    const topic = logicalTopic(meta.topic);
    // The transport keeps values binary (keepBinary), so the exact bytes are validated.
    // A tombstone's null value is an empty message, not the transport's record object.
    const value = raw.value === undefined ? payload : raw.value;
    const parsed = parseMessage(spec.schema, topic, value);
    if (!parsed.ok) {
      this.logger.warn(`${meta.topic}[${meta.partition}]@${meta.offset}: ${parsed.error.message}; sent to the DLQ`);
      await this.deadLetter(value, meta, parsed.error.message, 'malformed');
      sharedMetrics.consumed().inc({ topic, result: 'malformed' });
      markFailed(span, parsed.error);
      return;
    }
    const { messageId, fields } = subjectOf(parsed.message);
    addLogFields(fields);
    span.setAttributes({
      ...(messageId ? { [SpanAttributes.messageId]: messageId } : {}),
      ...(fields.job_id ? { [SpanAttributes.jobId]: fields.job_id } : {}),
      ...(fields.chart_id ? { [SpanAttributes.chartId]: fields.chart_id } : {}),
      ...(fields.track_key ? { [SpanAttributes.trackKey]: fields.track_key } : {}),
    });

    let lastError: Error = new Error('no attempt made');
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      meta.attempt = attempt;
      try {
        await spec.process(parsed.message, meta);
          sharedMetrics.consumed().inc({ topic, result: 'ok' });
        span.setAttribute(SpanAttributes.attempt, attempt);
        return;
      } catch (error) {
        lastError = error as Error;
        await this.rethrowIfNotTheMessagesFault(lastError, meta, attempt);
        if (lastError instanceof PermanentError) break;
        if (attempt < this.policy.maxAttempts) {
          sharedMetrics.retries().inc({ topic });
          const delay = backoffDelay(attempt, this.policy.initialDelayMs, this.policy.maxDelayMs);
          this.logger.warn(`${meta.topic}@${meta.offset}: attempt ${attempt} failed (${lastError.message}); retrying in ${delay} ms`);
          await sleep(delay);
          await context.getHeartbeat()().catch(() => undefined);
        }
      }
    }

    if (spec.onExhausted) {
      try {
        await spec.onExhausted(parsed.message, lastError, meta);
      } catch (error) {
        await this.rethrowIfNotTheMessagesFault(error as Error, meta, meta.attempt);
        this.logger.error(`${meta.topic}@${meta.offset}: recording the failure failed: ${(error as Error).message}`);
      }
    }
    this.logger.error(`${meta.topic}@${meta.offset}: failed after ${meta.attempt} attempt(s): ${lastError.message}; sent to the DLQ`);
    await this.deadLetter(value, meta, lastError.message, 'exhausted');
    sharedMetrics.consumed().inc({ topic, result: 'dead_lettered' });
    markFailed(span, lastError);
  }

  private async rethrowIfNotTheMessagesFault(error: Error, meta: MessageMeta, attempt: number): Promise<void> {
    if (error instanceof RetryLaterError) {
      this.logger.error(`${meta.topic}@${meta.offset}: ${error.message}; pausing ${error.retryAfterMs} ms, the message will be redelivered`);
      await sleep(error.retryAfterMs);
      throw error;
    }
    if (isInfrastructureError(error)) {
      const delay = backoffDelay(attempt, 500, 5_000);
      this.logger.warn(`${meta.topic}@${meta.offset}: infrastructure unavailable (${error.message}); redelivering in ${delay} ms`);
      await sleep(delay);
      throw error;
    }
  }

  private async deadLetter(value: unknown, meta: MessageMeta, reason: string, kind: 'malformed' | 'exhausted'): Promise<void> {
    const topic = logicalTopic(meta.topic);
    const letter = createDeadLetter({
      originalTopic: meta.topic,
      originalKey: meta.key,
      originalValue: textOf(value),
      originalHeaders: meta.headers,
      originalPartition: meta.partition,
      originalOffset: meta.offset,
      error: reason,
      kind,
      service: this.serviceName,
      attempts: meta.attempt,
    });
    // If the DLQ cannot be written the error escapes on purpose: Kafka redelivers, nothing is lost.
    await this.publisher.send(`${meta.topic}.dlq`, [
      { key: meta.key, value: JSON.stringify(letter), headers: meta.headers },
    ]);
    sharedMetrics.deadLettered().inc({ topic, kind });
  }
}
