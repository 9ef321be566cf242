// Topic names as deployed: KAFKA_TOPIC_PREFIX (default empty) lets several pipelines, or
// several test suites, share one cluster. Read at class-definition time by @EventPattern.
import { Topic } from '../contracts/topics';

export function topicPrefix(): string {
  return process.env.KAFKA_TOPIC_PREFIX ?? '';
}

export function topicName(topic: Topic): string {
  return `${topicPrefix()}${topic}`;
}

/** The logical topic (`track.requested`) of a deployed name (`<prefix>track.requested`). */
export function logicalTopic(deployedName: string): string {
  const prefix = topicPrefix();
  return prefix && deployedName.startsWith(prefix) ? deployedName.slice(prefix.length) : deployedName;
}
