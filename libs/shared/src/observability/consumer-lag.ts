// Kafka consumer lag of this service's consumer group, read with the kafkajs admin API and
// exported as charts_vibe_kafka_consumer_lag_messages{group,topic}: the number KEDA scales
// track-search on, visible in Grafana without a separate Kafka exporter. Every replica
// reports the same group's lag, so dashboards take max() over instances.
import { Logger } from '@nestjs/common';
import { Admin, AssignerProtocol, Kafka } from 'kafkajs';
import { logicalTopic } from '../kafka/topic-names';
import { sharedMetrics } from './metrics';

export interface TopicLag {
  topic: string;
  lag: number;
  endOffset: number;
}

interface PartitionEnd {
  partition: number;
  high: string;
  low: string;
}

/** Lag of one topic: per partition, the end offset minus the committed one (nothing committed: all that is there). */
export function lagOf(ends: PartitionEnd[], committed: Map<number, number>): { lag: number; endOffset: number } {
  let lag = 0;
  let endOffset = 0;
  for (const end of ends) {
    const high = Number(end.high);
    const low = Number(end.low);
    const offset = committed.get(end.partition);
    lag += offset === undefined || offset < 0 ? Math.max(0, high - low) : Math.max(0, high - offset);
    endOffset += high;
  }
  return { lag, endOffset };
}

export class ConsumerLagCollector {
  private readonly logger = new Logger('ConsumerLag');
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private reported = new Set<string>();

  constructor(
    private readonly kafka: Kafka,
    /** The group the service really joins (the NestJS transport's `-server` postfix included). */
    readonly groupId: string,
    private readonly intervalMs = 15_000,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running ??= this.collect()
        .catch((error: Error) => this.logger.debug?.(`lag of ${this.groupId} not read: ${error.message}`))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** Reads the lag of every topic the group consumes (assigned to a member, or committed to) and sets the gauges. */
  async collect(): Promise<TopicLag[]> {
    const admin = await this.connectedAdmin();
    try {
      const committed = await admin.fetchOffsets({ groupId: this.groupId });
      const topics = new Set(committed.map((t) => t.topic));
      for (const topic of await this.assignedTopics(admin)) topics.add(topic);
      const lags: TopicLag[] = [];
      for (const topic of [...topics].sort()) {
        const offsets = new Map<number, number>(
          (committed.find((t) => t.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
        );
        const { lag, endOffset } = lagOf(await admin.fetchTopicOffsets(topic), offsets);
        lags.push({ topic, lag, endOffset });
      }
      this.publish(lags);
      return lags;
    } catch (error) {
      // A broken admin connection is rebuilt on the next tick.
      const stale = this.admin;
      this.admin = undefined;
      await stale?.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private publish(lags: TopicLag[]): void {
    const seen = new Set<string>();
    for (const { topic, lag, endOffset } of lags) {
      const name = logicalTopic(topic);
      seen.add(name);
      sharedMetrics.consumerLag().set({ group: this.groupId, topic: name }, lag);
      sharedMetrics.topicEndOffset().set({ topic: name }, endOffset);
    }
    // A topic the group stopped consuming must not keep its last value.
    for (const name of this.reported) if (!seen.has(name)) sharedMetrics.consumerLag().remove({ group: this.groupId, topic: name });
    this.reported = seen;
  }

  private async assignedTopics(admin: Admin): Promise<string[]> {
    const { groups } = await admin.describeGroups([this.groupId]);
    const topics = new Set<string>();
    for (const member of groups[0]?.members ?? []) {
      if (!member.memberAssignment?.length) continue;
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      for (const topic of Object.keys(decoded?.assignment ?? {})) topics.add(topic);
    }
    return [...topics];
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin({ retry: { retries: 1 } });
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }
}
