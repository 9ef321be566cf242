// charts-vibe dlq list|replay <topic>: what a dead-letter topic holds, and putting it back.
import { createKafka, createProducer } from '@charts-vibe/shared';
import { Command, println } from '../command';
import { kafkaBrokers } from '../config';
import { renderTable } from '../format/table';
import { CliIo } from '../io';
import { DeadLetterRecord, dlqTopicFor, readDeadLetters, replayDeadLetters, selectForReplay } from '../dlq/dead-letters';

const KAFKA_ENV_HELP = `environment:
  KAFKA_BROKERS        host:port[,host:port…] (required)
  KAFKA_TOPIC_PREFIX   the pipeline's topic prefix, if it has one`;

const TOPIC_HELP = `  <topic>   the source topic (chart.scraped, track.requested, track.matched,
            job.completed) or its dead-letter topic (track.requested.dlq)`;

function kafkaOf(io: CliIo) {
  return createKafka(kafkaBrokers(io.env), 'charts-vibe-cli');
}

export function deadLettersTable(records: DeadLetterRecord[], maxWidth?: number): string {
  return renderTable(
    [
      { header: 'offset', align: 'right' },
      { header: 'dead letter' },
      { header: 'original message' },
      { header: 'kind' },
      { header: 'service' },
      { header: 'attempts', align: 'right' },
      { header: 'failed at' },
      { header: 'error', shrink: true },
    ],
    records.map(({ partition, offset, letter, originalId, problem }) => [
      `${partition}@${offset}`,
      letter?.id ?? '-',
      originalId ?? (letter ? `offset ${letter.payload.originalOffset ?? '?'}` : '-'),
      letter?.payload.kind ?? 'unreadable',
      letter?.payload.service ?? '-',
      letter ? String(letter.payload.attempts) : '-',
      letter?.payload.failedAt.replace('T', ' ').slice(0, 19) ?? '-',
      letter?.payload.error ?? problem ?? '-',
    ]),
    maxWidth,
  );
}

export const dlqListCommand: Command = {
  name: 'dlq list',
  summary: 'show the messages in a dead-letter topic and why they failed',
  usage: `usage: charts-vibe dlq list <topic> [--json]

Reads a dead-letter topic from its first to its last message (with a throwaway
consumer group, so no offsets move) and shows each message: its ids, why it failed,
which service gave up on it and after how many attempts.

${TOPIC_HELP}

options:
  --json    print the dead letters as JSON
  -h, --help

${KAFKA_ENV_HELP}`,
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const dlqTopic = dlqTopicFor(positionals[0], io.env.KAFKA_TOPIC_PREFIX ?? '');
    const records = await readDeadLetters(kafkaOf(io), dlqTopic);
    if (values.json) println(io.stdout, JSON.stringify(records, null, 2));
    else if (records.length === 0) println(io.stdout, `${dlqTopic} is empty`);
    else println(io.stdout, `${dlqTopic}: ${records.length} message(s)\n${deadLettersTable(records, io.stdout.columns)}`);
    return 0;
  },
};

export const dlqReplayCommand: Command = {
  name: 'dlq replay',
  summary: 'put dead-lettered messages back on their topic',
  usage: `usage: charts-vibe dlq replay <topic> [--id <id>] [--include-malformed] [--dry-run]

Publishes the original message of each dead letter (same key, value and headers, plus
x-charts-vibe-replayed-from) back to the topic it came from, so its consumer processes
it again. Consumers are idempotent: replaying a message whose work was done since
changes nothing. The dead letters stay in the DLQ (Kafka keeps them until retention).

${TOPIC_HELP}

options:
  --id <id>             only this message: a dead letter's id or its original message's id
  --include-malformed   replay malformed messages too (skipped by default: they would
                        only fail again unless their consumer changed)
  --dry-run             show what would be replayed, publish nothing
  -h, --help

${KAFKA_ENV_HELP}`,
  options: { id: { type: 'string' }, 'include-malformed': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const dlqTopic = dlqTopicFor(positionals[0], io.env.KAFKA_TOPIC_PREFIX ?? '');
    const kafka = kafkaOf(io);
    const records = await readDeadLetters(kafka, dlqTopic);
    const chosen = selectForReplay(records, { id: values.id as string | undefined, includeMalformed: Boolean(values['include-malformed']) });
    if (chosen.length === 0) {
      println(io.stdout, `nothing to replay from ${dlqTopic} (${records.length} message(s), none selected)`);
      return 0;
    }
    if (values['dry-run']) {
      println(io.stdout, `would replay ${chosen.length} message(s) from ${dlqTopic}:\n${deadLettersTable(chosen, io.stdout.columns)}`);
      return 0;
    }
    const producer = createProducer(kafka);
    await producer.connect();
    try {
      const count = await replayDeadLetters(producer, dlqTopic, chosen);
      const targets = [...new Set(chosen.map((record) => record.letter!.payload.originalTopic))].join(', ');
      println(io.stdout, `replayed ${count} message(s) from ${dlqTopic} to ${targets}`);
    } finally {
      await producer.disconnect();
    }
    return 0;
  },
};
