// Log lines: trace ids and what a line is about (job, chart, track) on every line written
// inside a handler, and secrets kept out by field name and by value.
import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import {
  createLogger,
  logFields,
  secretScrubber,
  secretValuesOf,
  sendLogsTo,
  wantsPrettyLogs,
  withLogFields,
  withSpan,
} from '@charts-vibe/shared';
import { startTestTracing } from './tracing-harness';

const tracing = startTestTracing();
afterAll(() => tracing.stop());

function capture(): { lines: () => Record<string, unknown>[]; raw: () => string } {
  const chunks: string[] = [];
  sendLogsTo(new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk.toString()), done()) }));
  return {
    raw: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
afterEach(() => sendLogsTo(undefined));

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('log lines', () => {
  it('carry trace_id and span_id of the active span, and the job, chart and track they are about', async () => {
    const out = capture();
    const logger = createLogger('test-service', 'info', false);
    let expected: { trace_id: string; span_id: string } | undefined;
    await withSpan('handle something', {}, () =>
      withLogFields({ job_id: 'job-1', chart_id: 'beatport:top-100:2026-12-04' }, async () => {
        await flush(); // across an await, as in a real handler
        const { traceId, spanId } = trace.getActiveSpan()!.spanContext();
        expected = { trace_id: traceId, span_id: spanId };
        withLogFields({ track_key: 'beatport:7' }, () => logger.info('searched'));
      }),
    );
    logger.info('outside');
    await flush();
    const [inside, outside] = out.lines();
    expect(inside).toMatchObject({
      ...expected,
      service: 'test-service',
      job_id: 'job-1',
      chart_id: 'beatport:top-100:2026-12-04',
      track_key: 'beatport:7',
      msg: 'searched',
    });
    expect(outside).not.toHaveProperty('trace_id');
    expect(outside).not.toHaveProperty('job_id');
    expect(logFields()).toEqual({});
  });

  it('redact secrets by field name, wherever a library nests them', async () => {
    const out = capture();
    const logger = createLogger('test-service', 'info', false);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'SID=123' } },
        credentials: { refresh_token: '1//rt', client_secret: 'cs', access_token: 'at' },
        err: { config: { headers: { Authorization: 'Bearer xyz' } }, response: { config: { headers: { authorization: 'Bearer uvw' } } } },
      },
      'calling YouTube',
    );
    await flush();
    const raw = out.raw();
    for (const secret of ['abc.def.ghi', 'SID=123', '1//rt', '"cs"', '"at"', 'Bearer xyz', 'Bearer uvw']) expect(raw).not.toContain(secret);
    expect(out.lines()[0]).toMatchObject({ credentials: { refresh_token: '[redacted]', client_secret: '[redacted]' } });
  });

  it('scrub every configured secret by value, even inside a message or an error', async () => {
    const settings = {
      YOUTUBE_REFRESH_TOKEN: '1//0refresh-token-value',
      YOUTUBE_CLIENT_SECRET: 'GOCSPX-secret-value',
      YTMUSIC_COOKIES: 'SAPISID=abcdefgh12345678; PREF=f6=40',
      API_TOKEN: 'api-token-0123456789abcdef',
      DATABASE_URL: 'postgres://charts:db-p%40ss@db:5432/charts_vibe',
      LOG_LEVEL: 'info',
    };
    const out = capture();
    const logger = createLogger('test-service', 'info', false, secretValuesOf(settings));
    logger.error({ err: new Error(`invalid_grant for ${settings.YOUTUBE_REFRESH_TOKEN}`) }, 'token refresh failed');
    logger.info(`cookie header was ${settings.YTMUSIC_COOKIES}, one cookie abcdefgh12345678`);
    logger.info({ body: JSON.stringify({ token: settings.API_TOKEN, secret: settings.YOUTUBE_CLIENT_SECRET }) }, 'nested JSON');
    logger.info(`connecting to ${settings.DATABASE_URL}`);
    logger.info('preference cookie PREF=f6=40');
    await flush();
    const raw = out.raw();
    for (const secret of ['1//0refresh-token-value', 'GOCSPX-secret-value', 'abcdefgh12345678', 'api-token-0123456789abcdef', 'db-p%40ss', 'db-p@ss']) {
      expect(raw).not.toContain(secret);
    }
    // Short cookie values are not secrets and stay readable; a URL keeps its shape.
    expect(raw).toContain('PREF=f6=40');
    expect(raw).toContain('postgres://charts:[redacted]@db:5432/charts_vibe');
    expect(out.lines()).toHaveLength(5);
  });

  it('finds the secrets of a configuration by name', () => {
    expect(
      secretValuesOf({ YOUTUBE_REFRESH_TOKEN: 'r1234567', BEATPORT_API_TOKEN: 'b1234567', HTTP_PORT: 3000, LOG_LEVEL: 'info', KAFKA_BROKERS: ['a:1'] }),
    ).toEqual(['r1234567', 'b1234567']);
    expect(secretScrubber([])).toBeUndefined();
  });

  it('are human-readable in a terminal unless LOG_PRETTY says otherwise', () => {
    const tty = process.stdout.isTTY;
    try {
      process.stdout.isTTY = true;
      expect(wantsPrettyLogs(undefined)).toBe(true);
      expect(wantsPrettyLogs(false)).toBe(false);
      process.stdout.isTTY = false;
      expect(wantsPrettyLogs(undefined)).toBe(false);
      expect(wantsPrettyLogs(true)).toBe(true);
    } finally {
      process.stdout.isTTY = tty;
    }
  });
});
