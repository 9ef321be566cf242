// Prometheus metrics shared by every service (prefix charts_vibe_, units in the name).
// Service-specific metrics live beside the code that moves them.
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

let defaultsCollected = false;
/** Node process metrics, and every shared metric registered up front (see registerMetrics). */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics();
  registerMetrics(sharedMetrics);
  registerMetrics(jobMetrics);
}

/**
 * Registers a group of lazily created metrics now, so /metrics lists each one (HELP and
 * TYPE; unlabelled ones at 0) before it first moves: a dashboard shows 0, not "no data",
 * and the dashboard test can tell a metric that exists from one that was never written.
 */
export function registerMetrics(group: Record<string, () => unknown>): void {
  for (const create of Object.values(group)) create();
}

export { register as metricsRegistry };

function existing<T>(name: string): T | undefined {
  return register.getSingleMetric(name) as T | undefined;
}

export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return existing<Counter<L>>(name) ?? new Counter({ name, help, labelNames });
}

export function gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return existing<Gauge<L>>(name) ?? new Gauge({ name, help, labelNames });
}

export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets?: number[],
): Histogram<L> {
  return existing<Histogram<L>>(name) ?? new Histogram({ name, help, labelNames, ...(buckets ? { buckets } : {}) });
}

export const sharedMetrics = {
  consumed: () =>
    counter('charts_vibe_messages_consumed_total', 'Kafka messages handled, by topic and result', ['topic', 'result']),
  retries: () => counter('charts_vibe_consumer_retries_total', 'Handler attempts that failed and were retried', ['topic']),
  deadLettered: () =>
    counter('charts_vibe_dlq_messages_total', 'Messages sent to a dead-letter topic, by source topic and kind', [
      'topic',
      'kind',
    ]),
  outboxPublished: () => counter('charts_vibe_outbox_published_total', 'Outbox rows published to Kafka', ['topic']),
  outboxBacklog: () => gauge('charts_vibe_outbox_backlog_messages', 'Outbox rows not yet published'),
  outboxLag: () =>
    histogram(
      'charts_vibe_outbox_publish_lag_seconds',
      'Time from outbox insert to Kafka acknowledgement',
      [],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
  consumerLag: () =>
    gauge('charts_vibe_kafka_consumer_lag_messages', 'Consumer group lag, summed over partitions', ['group', 'topic']),
  topicEndOffset: () =>
    gauge(
      'charts_vibe_kafka_topic_end_offset',
      'Sum of the end offsets of a consumed topic (its rate is the topic throughput in messages/s)',
      ['topic'],
    ),
};

/** Job lifecycle: created by chart-processor; completed by track-search (or chart-processor when empty or expired). */
export const jobMetrics = {
  created: () => counter('charts_vibe_jobs_created_total', 'Jobs created, by chart', ['chart']),
  completed: () =>
    counter('charts_vibe_jobs_completed_total', 'Jobs finished, by chart and status (completed or expired)', [
      'chart',
      'status',
    ]),
  duration: () =>
    histogram(
      'charts_vibe_job_duration_seconds',
      'Time from job creation to completion or expiry',
      ['chart', 'status'],
      [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200],
    ),
  /** Refreshed by chart-processor's sweeper from the jobs table (any replica's value is the truth). */
  inFlight: () => gauge('charts_vibe_jobs_in_flight', 'Jobs still processing, by chart', ['chart']),
  inFlightTracks: () =>
    gauge('charts_vibe_jobs_in_flight_tracks', 'Tracks of the jobs still processing, by chart and state (expected or processed)', [
      'chart',
      'state',
    ]),
  overdue: () =>
    gauge('charts_vibe_jobs_overdue', 'Jobs still processing past their deadline (the sweeper expires them; lasting means it is not running)'),
};
