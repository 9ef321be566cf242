// pino settings for every service: JSON lines with trace ids, human-readable in a TTY,
// and secrets redacted wherever they might appear.
import { trace } from '@opentelemetry/api';
import type { Params } from 'nestjs-pino';
import type { LoggerOptions } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.cookie',
  '*.cookies',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.clientSecret',
  '*.client_secret',
  '*.password',
];

export function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

export function pinoOptions(serviceName: string, level: string, pretty: boolean): LoggerOptions {
  return {
    level,
    base: { service: serviceName },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: traceFields,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, ignore: 'pid,hostname' } } }
      : {}),
  };
}

export function nestLoggerParams(serviceName: string, level: string, pretty: boolean): Params {
  return {
    pinoHttp: {
      ...pinoOptions(serviceName, level, pretty),
      // Health probes and scrapes would drown the useful lines.
      autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
    },
  };
}
