import { randomUUID } from 'node:crypto';
import {
  chartScrapedSchema,
  createMessage,
  deadLetterSchema,
  jobCompletedSchema,
  parseMessage,
  trackMatchedSchema,
  trackRequestedSchema,
} from './index';

const track = {
  position: 1,
  beatportId: 17_000_001,
  title: 'Cosmic Drift',
  mixName: 'Extended Mix',
  artists: ['Vini Vici', 'Astrix'],
  remixers: [],
  label: 'Iboga Records',
  genre: 'Psy-Trance',
  bpm: 140,
  key: 'F# Minor',
  lengthMs: 412_000,
  releaseDate: '2026-11-20',
  isrc: 'GBKQU2600001',
};

const valid = {
  'chart.scraped': createMessage('chart.scraped', {
    chartId: 'beatport:top-100:2026-12-04',
    chartRef: 'beatport:top-100',
    source: 'page',
    sourceUrl: 'https://www.beatport.com/top-100',
    chartName: 'Beatport Top 100',
    scrapedAt: '2026-12-04T06:00:00.000Z',
    tracks: [track],
  }),
  'track.requested': createMessage('track.requested', {
    jobId: randomUUID(),
    trackKey: 'beatport:17000001',
    track,
    attempt: 1,
  }),
  'track.matched': createMessage('track.matched', {
    jobId: randomUUID(),
    trackKey: 'beatport:17000001',
    outcome: 'matched',
    videoId: 'dQw4w9WgXcQ',
    score: 0.93,
    reason: null,
    processedCount: 1,
    expectedCount: 25,
  }),
  'job.completed': createMessage('job.completed', {
    jobId: randomUUID(),
    chartId: 'beatport:top-100:2026-12-04',
    status: 'completed',
    counts: { expected: 25, matched: 21, notFound: 3, failed: 1 },
    completedAt: '2026-12-04T06:01:00.000Z',
  }),
};

const schemas = {
  'chart.scraped': chartScrapedSchema,
  'track.requested': trackRequestedSchema,
  'track.matched': trackMatchedSchema,
  'job.completed': jobCompletedSchema,
} as const;

describe.each(Object.keys(schemas) as (keyof typeof schemas)[])('the %s contract', (topic) => {
  const schema = schemas[topic];
  const message = valid[topic];

  it('accepts a valid message given as JSON text, as a Buffer and as an object', () => {
    for (const raw of [JSON.stringify(message), Buffer.from(JSON.stringify(message)), message]) {
      const result = parseMessage(schema, topic, raw);
      expect(result).toEqual({ ok: true, message });
    }
  });

  it('rejects a message with a missing payload field, naming the field', () => {
    const payload = { ...(message.payload as Record<string, unknown>) };
    const field = Object.keys(payload)[0];
    delete payload[field];
    const result = parseMessage(schema, topic, { ...message, payload });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.reason).toContain(`payload.${field}`);
  });

  it('rejects a field of the wrong type with a readable reason', () => {
    const result = parseMessage(schema, topic, { ...message, occurredAt: 12 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^malformed .+ message: occurredAt: /);
  });

  it('rejects an unknown version', () => {
    const result = parseMessage(schema, topic, JSON.stringify({ ...message, version: 2 }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.reason).toBe('unknown version 2 (expected 1)');
  });

  it('rejects text that is not JSON and bytes that are not UTF-8', () => {
    const notJson = parseMessage(schema, topic, '{"id": ');
    const notUtf8 = parseMessage(schema, topic, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(notJson.ok || notJson.error.reason).toMatch(/^value is not JSON/);
    expect(notUtf8.ok || notUtf8.error.reason).toBe('value is not valid UTF-8');
  });

  it('rejects a message of another type', () => {
    const result = parseMessage(schema, topic, { ...message, type: 'something.else' });
    expect(result.ok).toBe(false);
  });
});

describe('chart.scraped specifics', () => {
  it('requires tracks in chart order, positions starting at 1', () => {
    const message = valid['chart.scraped'];
    const shuffled = { ...message, payload: { ...message.payload, tracks: [{ ...track, position: 2 }] } };
    const result = parseMessage(chartScrapedSchema, 'chart.scraped', shuffled);
    expect(result.ok || result.error.reason).toBe('payload.tracks.0.position: expected position 1');
  });

  it('requires at least one artist per track and trims names', () => {
    const message = valid['chart.scraped'];
    const noArtist = { ...message, payload: { ...message.payload, tracks: [{ ...track, artists: [] }] } };
    expect(parseMessage(chartScrapedSchema, 'chart.scraped', noArtist).ok).toBe(false);
    const padded = { ...message, payload: { ...message.payload, tracks: [{ ...track, title: 'Cosmic Drift  ' }] } };
    const result = parseMessage(chartScrapedSchema, 'chart.scraped', padded);
    expect(result.ok && result.message.payload.tracks[0].title).toBe('Cosmic Drift');
  });
});

describe('track keys', () => {
  it('accept beatport:<id> only', () => {
    const message = valid['track.requested'];
    for (const trackKey of ['spotify:1', 'beatport:', 'beatport:01', 'beatport:12a']) {
      expect(parseMessage(trackRequestedSchema, 'track.requested', { ...message, payload: { ...message.payload, trackKey } }).ok).toBe(false);
    }
  });
});

describe('the dead-letter envelope', () => {
  it('keeps the original value as text, with the error, service and attempts', () => {
    const letter = {
      id: randomUUID(),
      type: 'dead-letter',
      version: 1,
      occurredAt: new Date().toISOString(),
      payload: {
        originalTopic: 'track.requested',
        originalKey: 'beatport:1',
        originalValue: '{"broken": ',
        originalHeaders: { traceparent: '00-abc-def-01' },
        originalPartition: 0,
        originalOffset: '42',
        error: 'value is not JSON',
        kind: 'malformed',
        service: 'track-search',
        attempts: 0,
        failedAt: new Date().toISOString(),
      },
    };
    expect(parseMessage(deadLetterSchema, 'dead-letter', letter).ok).toBe(true);
    expect(parseMessage(deadLetterSchema, 'dead-letter', { ...letter, payload: { ...letter.payload, error: '' } }).ok).toBe(false);
  });
});

describe('createMessage', () => {
  it('refuses to build an invalid outgoing message', () => {
    expect(() =>
      createMessage('job.completed', {
        jobId: 'not-a-uuid',
        chartId: 'x',
        status: 'completed',
        counts: { expected: 1, matched: 1, notFound: 0, failed: 0 },
        completedAt: new Date().toISOString(),
      }),
    ).toThrow(/jobId/);
  });
});
