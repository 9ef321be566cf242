// Poison messages between good ones, and a burst of 1,000 duplicate track.requested, in one
// 200-track job. The test plays chart-processor's outbox relay, so it decides the exact order
// of the topic: the job's 200 requests as chart-processor wrote them, a poison message after
// every 25th, and 1,000 byte-identical copies (5 of each request) after the 100th.
import { DeadLetter, TrackMatched, topicName, Topics } from '@charts-vibe/shared';
import { waitFor } from '@charts-vibe/shared/testing';
import { randomUUID } from 'node:crypto';
import { Pipeline, syntheticChart, syntheticTracks } from '../orchestrator/harness';
import { jsonOf, readTopic } from './support/topics';
import { verifyJob } from './support/verify';

interface OutboxRow {
  message_key: string;
  payload: { payload: { trackKey: string } } & Record<string, unknown>;
  headers: Record<string, string>;
}

interface Poison {
  name: string;
  value: Buffer | null;
  reason: RegExp;
  kind: 'malformed' | 'exhausted';
}

function poisonMessages(good: OutboxRow['payload']): Poison[] {
  const text = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  const payload = good.payload as Record<string, unknown>;
  const { track: _track, ...withoutTrack } = payload;
  return [
    { name: 'text that is not JSON', value: text('{"id": "truncated", '), reason: /value is not JSON/, kind: 'malformed' },
    { name: 'bytes that are not UTF-8', value: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), reason: /not valid UTF-8/, kind: 'malformed' },
    { name: 'a newer schema version', value: text({ ...good, id: randomUUID(), version: 2 }), reason: /unknown version 2/, kind: 'malformed' },
    { name: 'a payload without its track', value: text({ ...good, id: randomUUID(), payload: withoutTrack }), reason: /payload\.track/, kind: 'malformed' },
    { name: 'a field of the wrong type', value: text({ ...good, id: randomUUID(), payload: { ...payload, attempt: 'one' } }), reason: /payload\.attempt/, kind: 'malformed' },
    { name: 'a message of another type', value: text({ ...good, id: randomUUID(), type: 'chart.scraped' }), reason: /type/, kind: 'malformed' },
    // A tombstone: a null value is an empty message.
    { name: 'a tombstone (no value)', value: null, reason: /empty message/, kind: 'malformed' },
    { name: 'a request for a job that does not exist', value: text({ ...good, id: randomUUID(), payload: { ...payload, jobId: randomUUID() } }), reason: /does not exist/, kind: 'exhausted' },
  ];
}

describe('poison messages and a burst of duplicates in a 200-track job', () => {
  const pipeline = new Pipeline();

  beforeAll(async () => {
    await pipeline.start();
    // Its outbox is relayed by the test, in the order the test chooses.
    await pipeline.startChartProcessor({ OUTBOX_RELAY_ENABLED: 'false' });
  }, 90_000);
  afterAll(() => pipeline.stop(), 60_000);

  it('dead-letters each poison message with its reason, counts every track once, and the consumer goes on', async () => {
    const tracks = syntheticTracks(200, 510_001);
    const chart = syntheticChart(tracks);
    const notFound = Object.fromEntries(tracks.filter((_, i) => i % 10 === 9).map((t) => [`beatport:${t.beatportId}`, { outcome: 'not_found' as const }]));
    await pipeline.publishChart(chart);
    const requestTopic = topicName(Topics.trackRequested);
    await waitFor('the job and its 200 requests in the outbox', async () => {
      const [{ n }] = await pipeline.db.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND published_at IS NULL`, [requestTopic]);
      return n === 200;
    }, { timeoutMs: 60_000 });
    const requests: OutboxRow[] = await pipeline.db.dataSource.query(
      `WITH claimed AS (UPDATE outbox SET published_at = now() WHERE topic = $1 AND published_at IS NULL RETURNING id, message_key, payload, headers)
       SELECT * FROM claimed ORDER BY id`,
      [requestTopic],
    );
    const provider = await pipeline.startTrackSearch({ delayMs: 2, tracks: notFound });

    type Out = { key: string | null; value: Buffer | null; poison?: Poison };
    const good = (row: OutboxRow): Out => ({ key: row.message_key, value: Buffer.from(JSON.stringify(row.payload)) });
    const poisons = poisonMessages(requests[0].payload);
    const stream: Out[] = [];
    requests.forEach((row, i) => {
      stream.push(good(row));
      // A poison message keyed like its neighbour lands on the same partition, right behind it.
      if (i % 25 === 24) stream.push({ key: row.message_key, value: poisons[(i - 24) / 25].value, poison: poisons[(i - 24) / 25] });
      if (i === 99) for (let copy = 0; copy < 5; copy++) stream.push(...requests.map(good));
    });
    expect(stream.filter((m) => m.poison)).toHaveLength(poisons.length);
    expect(stream).toHaveLength(200 + 1_000 + poisons.length);
    for (let i = 0; i < stream.length; i += 200) {
      await pipeline.producer.send({ topic: requestTopic, acks: -1, messages: stream.slice(i, i + 200).map(({ key, value }) => ({ key, value })) });
    }

    await pipeline.waitForJob(chart.payload.chartId, 'completed', 90_000);
    // The last poison message sits behind the last request; let it reach the DLQ too.
    await waitFor('every poison message in the DLQ', async () => (await readTopic(pipeline.kafka, `${requestTopic}.dlq`)).length >= poisons.length, { timeoutMs: 30_000 });
    const ledger = await verifyJob(pipeline.db.dataSource, pipeline.kafka, chart.payload.chartId, {
      expected: 200,
      matched: 180,
      notFound: 20,
      failed: 0,
    });
    expect(ledger.requestedMessages).toBe(stream.length);

    // Each poison message is in the DLQ once, with its reason; nothing else is.
    const onTopic = await readTopic(pipeline.kafka, requestTopic);
    const letters = (await readTopic(pipeline.kafka, `${requestTopic}.dlq`)).map((m) => jsonOf<DeadLetter>(m));
    expect(letters).toHaveLength(poisons.length);
    for (const poison of poisons) {
      const sent = onTopic.filter((m) => (m.value === null ? poison.value === null : poison.value !== null && m.value.equals(poison.value)));
      expect(sent).toHaveLength(1);
      const letter = letters.find((l) => l.payload.originalPartition === sent[0].partition && l.payload.originalOffset === sent[0].offset);
      expect({ poison: poison.name, kind: letter?.payload.kind, error: letter?.payload.error, service: letter?.payload.service }).toEqual({
        poison: poison.name,
        kind: poison.kind,
        error: expect.stringMatching(poison.reason),
        service: 'track-search',
      });
    }

    // The duplicates were absorbed before any search or event: one search and one track.matched per track.
    expect(new Set(provider.calls).size).toBe(200);
    expect(provider.calls).toHaveLength(200);
    const matched = (await readTopic(pipeline.kafka, topicName(Topics.trackMatched))).map((m) => jsonOf<TrackMatched>(m));
    expect(matched.filter((m) => m.payload.jobId === ledger.jobId)).toHaveLength(200);

    // The consumer went on past every poison message: its group committed the end of every partition.
    const admin = pipeline.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(requestTopic);
      await waitFor('the consumer group to commit every partition to its end', async () => {
        const [committed] = await admin.fetchOffsets({ groupId: `${pipeline.trackSearchGroup}-server`, topics: [requestTopic] });
        return ends.every((end) => committed.partitions.find((p) => p.partition === end.partition)?.offset === end.high);
      }, { timeoutMs: 30_000, intervalMs: 250 });
    } finally {
      await admin.disconnect();
    }
  }, 180_000);
});
