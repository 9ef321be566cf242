// Bad messages on every consumed topic — other schema versions, a payload close to Kafka's
// 1 MB limit, bytes that are not UTF-8, text that is not JSON — go to `<topic>.dlq` with the
// reason, and each consumer goes on: a good chart published behind them still becomes a job,
// its searches and its playlist. One partition per topic, so "behind" is exact.
import { INestApplication } from '@nestjs/common';
import { DeadLetter, loadConfig, startService, topicName, Topic, Topics } from '@charts-vibe/shared';
import { createTestDatabase, serviceEnv, TestDatabase, testKafka, waitFor } from '@charts-vibe/shared/testing';
import { Producer } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as chartProcessor from '../../services/chart-processor/src/app.module';
import * as chartProcessorConfig from '../../services/chart-processor/src/config';
import * as playlist from '../../services/playlist/src/app.module';
import * as playlistConfig from '../../services/playlist/src/config';
import * as trackSearch from '../../services/track-search/src/app.module';
import * as trackSearchConfig from '../../services/track-search/src/config';
import { FixtureSearchProvider } from '../../services/track-search/src/providers/fixture-search.provider';
import { syntheticChart, syntheticTracks } from '../orchestrator/harness';
import { readTopic } from '../chaos/support/topics';

/** Close to the broker's default limit (message.max.bytes = 1,048,588) and still under it. */
const NEAR_ONE_MB = 1_000_000;

interface BadMessage {
  name: string;
  value: Buffer;
  reason: RegExp;
  /** `malformed` (refused by the contract, at once) unless said otherwise. */
  kind?: 'malformed' | 'exhausted';
}

function badMessagesFor(topic: Topic): BadMessage[] {
  const envelope = (extra: Record<string, unknown>) => ({
    id: '6f1c4f8e-4a53-4c1f-9a55-2d1f3e0c9b11',
    type: topic,
    occurredAt: '2026-12-04T06:00:00.000Z',
    payload: {},
    ...extra,
  });
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  // Many short strings ("ab", 5 bytes each): JSON text full of quotes, which grow when the DLQ quotes it again.
  const quoted = (bytes: number) => Array.from({ length: Math.floor(bytes / 5) }, () => 'ab');
  return [
    { name: 'version 2', value: json(envelope({ version: 2 })), reason: /unknown version 2 \(expected 1\)/ },
    { name: 'version "1" as a string', value: json(envelope({ version: '1' })), reason: /unknown version "1"/ },
    { name: 'version 0', value: json(envelope({ version: 0 })), reason: /unknown version 0/ },
    { name: 'no version', value: json(envelope({})), reason: /version/ },
    { name: 'bytes that are not UTF-8', value: Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}')]), reason: /not valid UTF-8/ },
    { name: 'an overlong UTF-8 encoding', value: Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x7d]), reason: /not valid UTF-8/ },
    { name: 'text that is not JSON', value: Buffer.from('chart.scraped: top-100, please'), reason: /not JSON/ },
    { name: 'a 1 MB message cut short', value: json(envelope({ version: 1, payload: { junk: quoted(NEAR_ONE_MB + 1_000) } })).subarray(0, NEAR_ONE_MB), reason: /not JSON/ },
    { name: 'a 1 MB message of the wrong shape', value: json(envelope({ version: 1, payload: { junk: quoted(NEAR_ONE_MB - 1_000) } })), reason: /payload/ },
    { name: '1 MB of text', value: Buffer.alloc(NEAR_ONE_MB, 'x'), reason: /not JSON/ },
    ...(topic === Topics.chartScraped ? [nulInTitle()] : []),
  ];
}

/** A chart whose title holds a NUL byte, which PostgreSQL refuses in text and jsonb. */
function nulInTitle(): BadMessage {
  const chart = syntheticChart(syntheticTracks(2, 820_001));
  chart.payload.tracks[1].title = 'Track\u0000 two';
  // Refused by the contract before any attempt: PostgreSQL could never store it.
  return { name: 'a NUL byte in a track title', value: Buffer.from(JSON.stringify(chart)), reason: /payload\.tracks\.1\.title: must not contain NUL characters/, kind: 'malformed' };
}

const consumed: Topic[] = [Topics.chartScraped, Topics.trackRequested, Topics.jobCompleted];

describe('bad messages on every consumed topic', () => {
  const kafka = testKafka();
  const outputDir = mkdtempSync(path.join(tmpdir(), 'cv-bad-input-'));
  let db: TestDatabase;
  let producer: Producer;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = (extra: Record<string, string> = {}) => serviceEnv(db.url, { KAFKA_TOPIC_PARTITIONS: '1', ...extra });
    const cp = loadConfig(chartProcessorConfig.configSchema, env());
    const ts = loadConfig(trackSearchConfig.configSchema, env({ SEARCH_RATE_PER_SECOND: '1000' }));
    const pl = loadConfig(playlistConfig.configSchema, env({ PLAYLIST_OUTPUT_DIR: outputDir }));
    const start = (serviceName: string, config: object, appModule: never) =>
      startService({ serviceName, config: config as never, appModule, consumes: true, host: '127.0.0.1' });
    apps.push(await start('chart-processor', cp, chartProcessor.AppModule.forRoot(cp) as never));
    apps.push(await start('track-search', ts, trackSearch.AppModule.forRoot(ts, new FixtureSearchProvider({})) as never));
    apps.push(await start('playlist', pl, playlist.AppModule.forRoot(pl) as never));
    producer = kafka.producer();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    for (const app of apps) await app.close();
    await db?.drop();
    rmSync(outputDir, { recursive: true, force: true });
  }, 60_000);

  it('dead-letters each with its reason and goes on to the good chart behind them', async () => {
    const sent = new Map<Topic, BadMessage[]>();
    for (const topic of consumed) {
      const bad = badMessagesFor(topic);
      sent.set(topic, bad);
      // One at a time: each near-1 MB message is a request of its own.
      for (const message of bad) await producer.send({ topic: topicName(topic), acks: -1, messages: [{ key: 'bad-input', value: message.value }] });
    }
    const chart = syntheticChart(syntheticTracks(3, 810_001));
    await producer.send({ topic: topicName(Topics.chartScraped), acks: -1, messages: [{ key: chart.payload.chartId, value: JSON.stringify(chart) }] });

    // The good chart went all the way: job completed, playlist written.
    const job = await waitFor('the good chart to reach its playlist', async () => {
      const [row] = await db.dataSource.query(
        `SELECT j.id, j.status, r.status AS playlist FROM jobs j LEFT JOIN playlist_runs r ON r.job_id = j.id WHERE j.chart_id = $1`,
        [chart.payload.chartId],
      );
      return row?.playlist === 'done' ? row : undefined;
    }, { timeoutMs: 90_000, intervalMs: 200 });
    expect(job.status).toBe('completed');

    for (const topic of consumed) {
      const bad = sent.get(topic)!;
      const letters = await waitFor(`${bad.length} letters on ${topic}.dlq`, async () => {
        const all = (await readTopic(kafka, `${topicName(topic)}.dlq`)).map((m) => ({ size: m.value!.length, letter: JSON.parse(m.value!.toString('utf8')) as DeadLetter }));
        return all.length >= bad.length ? all : undefined;
      });
      expect(letters).toHaveLength(bad.length);
      // One letter each. Sent one after another with one key, they sit on one partition in that
      // order; track-search handles a partition's messages in parallel, so the letters are put
      // back in the order of the offsets they name.
      letters.sort((a, b) => Number(a.letter.payload.originalOffset) - Number(b.letter.payload.originalOffset));
      bad.forEach((message, i) => {
        const { letter, size } = letters[i];
        expect({ topic, message: message.name, kind: letter.payload.kind, error: letter.payload.error }).toEqual({
          topic,
          message: message.name,
          kind: message.kind ?? 'malformed',
          error: expect.stringMatching(message.reason),
        });
        expect(letter.payload.originalKey).toBe('bad-input');
        expect(size).toBeLessThan(1_048_588);
        const original = message.value.toString('utf8');
        // Small originals are kept whole; a near-1 MB one is cut, saying so, and what is kept is its beginning.
        if (original.length < 100_000) expect(letter.payload.originalValue).toBe(original);
        else expect(letter.payload.originalValue).toMatch(/\[truncated: \d+ of \d+ bytes kept\]$/);
      });
    }
  }, 180_000);
});
