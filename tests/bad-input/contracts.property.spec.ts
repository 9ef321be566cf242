// Property-based tests of the contracts' one parser: parseMessage never throws, accepts
// every valid message (as an object, as JSON text, as bytes), and rejects whatever is not
// one — arbitrary values, and valid messages broken in one place.
import {
  chartScrapedSchema,
  ContractError,
  deadLetterSchema,
  jobCompletedSchema,
  parseMessage,
  trackMatchedSchema,
  trackRequestedSchema,
} from '@charts-vibe/shared';
import fc from 'fast-check';
import { z } from 'zod';

const RUNS = { numRuns: 300 };

// ---- valid messages ----------------------------------------------------------------------

/** Text as the schemas keep it: trimmed; `name` also non-empty. */
const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.trim());
const name = text.filter((s) => s.length > 0);
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const isoDate = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const uuid = fc.uuid({ version: [1, 4, 7] });
const beatportId = fc.integer({ min: 1, max: 2 ** 31 });
const count = fc.nat({ max: 100_000 });

const searchableTrack = fc.record(
  {
    beatportId,
    title: name,
    mixName: nullable(text),
    artists: fc.array(name, { minLength: 1, maxLength: 4 }),
    remixers: fc.array(name, { maxLength: 3 }),
    lengthMs: nullable(fc.nat({ max: 3_600_000 })),
    isrc: nullable(text),
  },
  { requiredKeys: ['beatportId', 'title', 'mixName', 'artists', 'remixers', 'lengthMs'] },
);

const chartTracks = fc.array(
  fc.record({
    track: searchableTrack,
    label: nullable(text),
    genre: nullable(text),
    bpm: nullable(fc.double({ min: 0, max: 300, noNaN: true })),
    key: nullable(text),
    releaseDate: nullable(text),
  }),
  { maxLength: 5 },
).map((entries) => entries.map(({ track, ...rest }, i) => ({ ...track, ...rest, position: i + 1 })));

const envelope = <P>(type: string, payload: fc.Arbitrary<P>) => fc.record({ id: uuid, type: fc.constant(type), version: fc.constant(1), occurredAt: isoDate, payload });

const validMessages = {
  'chart.scraped': {
    schema: chartScrapedSchema,
    arbitrary: envelope(
      'chart.scraped',
      fc.record({
        chartId: fc.string({ minLength: 1, maxLength: 200 }),
        chartRef: fc.stringMatching(/^beatport:[a-z0-9:_-]{1,30}$/),
        source: fc.constantFrom('page', 'api'),
        sourceUrl: fc.webUrl({ validSchemes: ['https'] }),
        chartName: name,
        scrapedAt: isoDate,
        tracks: chartTracks,
      }),
    ),
  },
  'track.requested': {
    schema: trackRequestedSchema,
    arbitrary: envelope(
      'track.requested',
      fc.record({ jobId: uuid, trackKey: beatportId.map((id) => `beatport:${id}`), track: searchableTrack, attempt: fc.integer({ min: 1, max: 20 }) }),
    ),
  },
  'track.matched': {
    schema: trackMatchedSchema,
    arbitrary: envelope(
      'track.matched',
      fc.record({
        jobId: uuid,
        trackKey: beatportId.map((id) => `beatport:${id}`),
        outcome: fc.constantFrom('matched', 'not_found', 'failed'),
        videoId: nullable(fc.string({ minLength: 1, maxLength: 11 })),
        score: nullable(fc.double({ min: 0, max: 1, noNaN: true })),
        reason: nullable(fc.string()),
        processedCount: count,
        expectedCount: count,
      }),
    ),
  },
  'job.completed': {
    schema: jobCompletedSchema,
    arbitrary: envelope(
      'job.completed',
      fc.record({
        jobId: uuid,
        chartId: fc.string({ minLength: 1 }),
        status: fc.constantFrom('completed', 'expired'),
        counts: fc.record({ expected: count, matched: count, notFound: count, failed: count }),
        completedAt: isoDate,
      }),
    ),
  },
  'dead-letter': {
    schema: deadLetterSchema,
    arbitrary: envelope(
      'dead-letter',
      fc.record({
        originalTopic: fc.string({ minLength: 1 }),
        originalKey: nullable(fc.string()),
        originalValue: fc.string({ unit: 'grapheme', maxLength: 80 }),
        originalHeaders: fc.dictionary(fc.string(), fc.string()),
        originalPartition: nullable(fc.nat()),
        originalOffset: nullable(fc.nat().map(String)),
        error: fc.string({ minLength: 1 }),
        kind: fc.constantFrom('malformed', 'exhausted'),
        service: fc.string({ minLength: 1 }),
        attempts: fc.nat({ max: 20 }),
        failedAt: isoDate,
      }),
    ),
  },
} as const;

type Topic = keyof typeof validMessages;
const topics = Object.keys(validMessages) as Topic[];

/** parseMessage's result must be well formed whatever happened: never a throw, a reason when it refuses. */
function parse(schema: z.ZodType, topic: string, raw: unknown) {
  const result = parseMessage(schema, topic, raw);
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(ContractError);
    expect(result.error.reason.length).toBeGreaterThan(0);
  }
  return result;
}

// ---- arbitrary inputs --------------------------------------------------------------------

const arbitraryInput = fc.oneof(
  fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withDate: true, withNullPrototype: true }),
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom(null, undefined, '', 'null', '{}', '[]', '"x"', '1e400', '{"__proto__": {"version": 1}}'),
);

describe.each(topics)('parseMessage for %s', (topic) => {
  const { schema, arbitrary } = validMessages[topic];

  it('accepts every valid message, as an object, as JSON text and as UTF-8 bytes, and returns it unchanged', () => {
    fc.assert(
      fc.property(arbitrary, (message) => {
        for (const raw of [message, JSON.stringify(message), Buffer.from(JSON.stringify(message), 'utf8')]) {
          expect(parse(schema, topic, raw)).toEqual({ ok: true, message: JSON.parse(JSON.stringify(message)) });
        }
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary input, and rejects it', () => {
    fc.assert(
      fc.property(arbitraryInput, (raw) => {
        expect(parse(schema, topic, raw).ok).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('rejects a valid message with any other version, naming it', () => {
    fc.assert(
      fc.property(arbitrary, fc.jsonValue().filter((v) => v !== 1), (message, version) => {
        const result = parse(schema, topic, JSON.stringify({ ...message, version }));
        expect(result.ok || result.error.reason).toMatch(/^unknown version /);
      }),
      RUNS,
    );
  });

  it('rejects a valid message without one of its envelope or payload fields', () => {
    const optional = new Set(['isrc']);
    fc.assert(
      fc.property(arbitrary, fc.nat(), (message, pick) => {
        const payload = message.payload as Record<string, unknown>;
        const paths = [
          ...Object.keys(message).map((k) => [k]),
          ...Object.keys(payload).filter((k) => !optional.has(k)).map((k) => ['payload', k]),
        ];
        const path = paths[pick % paths.length];
        const broken = JSON.parse(JSON.stringify(message));
        if (path.length === 1) delete broken[path[0]];
        else delete broken.payload[path[1]];
        expect(parse(schema, topic, broken).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('rejects a valid message with a payload field of the wrong type', () => {
    fc.assert(
      fc.property(arbitrary, fc.nat(), fc.constantFrom<unknown>(true, { nested: [1] }, Number.NaN, [null]), (message, pick, wrong) => {
        const keys = Object.keys(message.payload as object);
        const key = keys[pick % keys.length];
        const broken = { ...message, payload: { ...(message.payload as object), [key]: wrong } };
        expect(parse(schema, topic, broken).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('rejects its bytes with an invalid UTF-8 byte anywhere, and its text cut anywhere', () => {
    fc.assert(
      fc.property(arbitrary, fc.nat(), fc.constantFrom(0xff, 0xfe, 0xc0, 0x80), (message, at, byte) => {
        const bytes = Buffer.from(JSON.stringify(message), 'utf8');
        const cut = at % bytes.length;
        const corrupted = Buffer.concat([bytes.subarray(0, cut), Buffer.from([byte]), bytes.subarray(cut)]);
        expect(parse(schema, topic, corrupted).ok || 'rejected').toBe('rejected');
        const json = JSON.stringify(message);
        const truncated = json.slice(0, at % json.length);
        expect(parse(schema, topic, truncated).ok).toBe(false);
      }),
      RUNS,
    );
  });
});
