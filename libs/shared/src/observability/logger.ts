// pino settings for every service: JSON lines with trace ids (and the job and chart a line
// is about), human-readable in a terminal, and secrets kept out — by field name (redact
// paths) and by value (every configured token, cookie and password is scrubbed from the
// serialized line, wherever a library put it).
import { trace } from '@opentelemetry/api';
import type { Params } from 'nestjs-pino';
import { AsyncLocalStorage } from 'node:async_hooks';
import { destination as pinoDestination, type DestinationStream, type LoggerOptions, pino, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

export const REDACTED = '[redacted]';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*.Cookie',
  '*.cookies',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.clientSecret',
  '*.client_secret',
  '*.password',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers.cookie',
  '*.headers.Cookie',
  // HTTP client errors (gaxios, axios) carry the request they failed on.
  '*.config.headers.authorization',
  '*.config.headers.Authorization',
  '*.config.headers.cookie',
  '*.config.headers.Cookie',
  '*.response.config.headers.authorization',
  '*.response.config.headers.Authorization',
];

export function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/** What a log line is about (`job_id`, `chart_id`), set once where a message is handled. */
export type LogFields = Partial<Record<'job_id' | 'chart_id' | 'track_key', string>>;

const logFieldStore = new AsyncLocalStorage<LogFields>();

/** Runs `fn` with `fields` added to every log line written inside it (also across awaits). */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  return logFieldStore.run({ ...logFieldStore.getStore(), ...fields }, fn);
}

/** Adds fields to the current `withLogFields` scope (known only after parsing, for instance). */
export function addLogFields(fields: LogFields): void {
  const store = logFieldStore.getStore();
  if (store) Object.assign(store, fields);
}

export function logFields(): LogFields {
  return { ...logFieldStore.getStore() };
}

function lineMixin(): Record<string, string> {
  return { ...logFields(), ...traceFields() };
}

const SECRET_SETTING = /SECRET|TOKEN|COOKIE|PASSWORD|API_KEY|PRIVATE_KEY/i;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s@]*:[^/\s@]+@/i;

/**
 * The secret values in a service's settings: every setting named like a token, secret,
 * cookie or password (each cookie of a cookie header too), and the password of every
 * connection URL (scrubbed only in its `:password@` position).
 */
export function secretValuesOf(settings: Record<string, unknown>): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(settings)) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (SECRET_SETTING.test(name)) {
      secrets.add(value.trim());
      if (/COOKIE/i.test(name)) {
        for (const pair of value.split(';')) {
          const cookie = pair.slice(pair.indexOf('=') + 1).trim();
          // Short values ("1", "en") are not secrets and would blank ordinary words.
          if (cookie.length >= 8) secrets.add(cookie);
        }
      }
    }
    if (URL_WITH_PASSWORD.test(value)) {
      try {
        const password = new URL(value).password;
        if (password) secrets.add(`:${password}@`).add(`:${decodeURIComponent(password)}@`);
      } catch {
        // Not a URL after all.
      }
    }
  }
  return [...secrets].filter((s) => s.length >= 4);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces every secret (also in its JSON-escaped form) in a serialized line; undefined without secrets. */
export function secretScrubber(secrets: readonly string[]): ((line: string) => string) | undefined {
  if (secrets.length === 0) return undefined;
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return (line) =>
    line.replace(pattern, (found) => (found.startsWith(':') && found.endsWith('@') ? `:${REDACTED}@` : REDACTED));
}

let destinationOverride: DestinationStream | undefined;

/**
 * Where every service logger of this process writes instead of stdout (before scrubbing
 * secrets). Tests capture lines with it; `undefined` restores stdout.
 */
export function sendLogsTo(stream: DestinationStream | undefined): void {
  destinationOverride = stream;
}

/** Pretty when asked, else pretty in a terminal (`npm start`) and JSON lines anywhere else. */
export function wantsPrettyLogs(pretty: boolean | undefined): boolean {
  return pretty ?? Boolean(process.stdout.isTTY);
}

export function logDestination(pretty: boolean | undefined, secrets: readonly string[] = []): DestinationStream {
  const target =
    destinationOverride ??
    (wantsPrettyLogs(pretty)
      ? pinoPretty({ colorize: true, singleLine: true, ignore: 'pid,hostname', sync: true })
      : pinoDestination(process.stdout.fd));
  const scrub = secretScrubber(secrets);
  if (!scrub) return target;
  return { write: (line: string) => target.write(scrub(line)) };
}

export function pinoOptions(serviceName: string, level: string, pretty?: boolean): LoggerOptions {
  return {
    level,
    base: { service: serviceName },
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    mixin: lineMixin,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    ...(wantsPrettyLogs(pretty) && !destinationOverride
      ? { transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, ignore: 'pid,hostname' } } }
      : {}),
  };
}

/** A standalone logger (the scraper's CronJob command) with the same settings and scrubbing. */
export function createLogger(serviceName: string, level: string, pretty?: boolean, secrets: readonly string[] = []): Logger {
  const { transport: _transport, ...options } = pinoOptions(serviceName, level, pretty);
  return pino(options, logDestination(pretty, secrets));
}

export function nestLoggerParams(serviceName: string, level: string, pretty?: boolean, secrets: readonly string[] = []): Params {
  const { transport: _transport, ...options } = pinoOptions(serviceName, level, pretty);
  return {
    pinoHttp: [
      {
        ...options,
        // Health probes and scrapes would drown the useful lines.
        autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
      },
      logDestination(pretty, secrets),
    ],
  };
}
