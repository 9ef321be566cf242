// Kafka topic names; a dead-letter topic is the source topic plus `.dlq`.
export const Topics = {
  chartScraped: 'chart.scraped',
  trackRequested: 'track.requested',
  trackMatched: 'track.matched',
  jobCompleted: 'job.completed',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);

export function dlqTopicOf(topic: string): string {
  return `${topic}.dlq`;
}
