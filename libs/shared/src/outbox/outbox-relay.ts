// Publishes committed outbox rows to Kafka. Woken by LISTEN/NOTIFY (the insert trigger),
// with polling as the fallback. Several relays may run: each claims a batch with
// FOR UPDATE SKIP LOCKED, so no row is claimed twice while a claim is open; the row is
// marked published in the same transaction, after Kafka acknowledged it. A relay that
// dies between the acknowledgement and the commit leaves the rows unpublished and they
// go out again — at-least-once, which the idempotent consumers absorb.
//
// Tracing: each row carries the trace context of the transaction that wrote it. The relay
// publishes every row as an `outbox publish` span, a child of that stored context, and the
// message carries that span's traceparent; the kafkajs instrumentation is suppressed for
// the batch send, or it would stamp every message with the relay's own (unrelated) context.
import { Logger } from '@nestjs/common';
import { context, Span, SpanKind, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { KafkaPublisher } from '../kafka/publisher';
import { logicalTopic } from '../kafka/topic-names';
import { sharedMetrics } from '../observability/metrics';
import { contextFromHeaders, markFailed, SpanAttributes, traceHeadersOf, TRACER_NAME } from '../observability/spans';

export interface OutboxRelayOptions {
  databaseUrl: string;
  batchSize: number;
  pollIntervalMs: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  payload: unknown;
  headers: Record<string, string>;
  age_seconds: number;
}

/** The span of one row's publish: a child of the context stored with the row. */
function publishSpanOf(row: OutboxRow): Span {
  return trace.getTracer(TRACER_NAME).startSpan(
    `outbox publish ${logicalTopic(row.topic)}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': row.topic,
        [SpanAttributes.outboxId]: row.id,
        [SpanAttributes.outboxAgeSeconds]: row.age_seconds,
      },
    },
    contextFromHeaders(row.headers),
  );
}

export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private listener?: Client;
  private wake?: () => void;
  private pendingWake = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: KafkaPublisher,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** Publishes one batch of unpublished rows; returns how many went out. */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, message_key, payload, headers,
                extract(epoch FROM clock_timestamp() - created_at)::float8 AS age_seconds
           FROM outbox
          WHERE published_at IS NULL
          ORDER BY id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, { key: string | null; value: string; headers: Record<string, string> }[]>();
      const spans = rows.map((row) => publishSpanOf(row));
      rows.forEach((row, i) => {
        const messages = byTopic.get(row.topic) ?? [];
        const headers = { ...row.headers, ...traceHeadersOf(trace.setSpan(contextFromHeaders(row.headers), spans[i])) };
        messages.push({ key: row.message_key, value: JSON.stringify(row.payload), headers });
        byTopic.set(row.topic, messages);
      });
      try {
        await context.with(suppressTracing(context.active()), () =>
          this.publisher.sendBatch([...byTopic].map(([topic, messages]) => ({ topic, messages }))),
        );
      } catch (error) {
        for (const span of spans) markFailed(span, error);
        throw error;
      } finally {
        for (const span of spans) span.end();
      }
      await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      for (const [topic, messages] of byTopic) sharedMetrics.outboxPublished().inc({ topic: logicalTopic(topic) }, messages.length);
      for (const row of rows) sharedMetrics.outboxLag().observe(row.age_seconds);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    let batches = 0;
    while (this.running) {
      try {
        await this.ensureListening();
        const published = await this.publishBatch();
        failures = 0;
        if (++batches % 100 === 0) await this.prune();
        if (published === this.options.batchSize) continue;
        await this.updateBacklog();
      } catch (error) {
        failures++;
        const delay = Math.min(10_000, 250 * 2 ** Math.min(failures, 6));
        this.logger.warn(`outbox publish failed (${(error as Error).message}); retrying in ${delay} ms`);
        await this.dropListener();
        await this.idle(delay);
        continue;
      }
      await this.idle(this.options.pollIntervalMs);
    }
  }

  private async updateBacklog(): Promise<void> {
    const [{ backlog }] = await this.dataSource.query(
      `SELECT count(*)::int AS backlog FROM outbox WHERE published_at IS NULL`,
    );
    sharedMetrics.outboxBacklog().set(backlog);
  }

  /** Published rows are kept a day for inspection, then removed. */
  private async prune(): Promise<void> {
    await this.dataSource.query(`DELETE FROM outbox WHERE published_at < now() - interval '1 day'`);
  }

  private async ensureListening(): Promise<void> {
    if (this.listener) return;
    const client = new Client({ connectionString: this.options.databaseUrl });
    client.on('notification', () => this.wakeUp());
    client.on('error', () => void this.dropListener());
    await client.connect();
    await client.query('LISTEN outbox');
    this.listener = client;
  }

  private async dropListener(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private wakeUp(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async idle(ms: number): Promise<void> {
    if (this.pendingWake) {
      this.pendingWake = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    this.pendingWake = false;
  }
}
