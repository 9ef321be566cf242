// Domain spans and the W3C trace context carried in Kafka headers and outbox rows. Every
// helper works on the global OpenTelemetry API, so it is a cheap no-op when tracing is off
// (see tracing.ts): no span is recorded and no traceparent is written.
import {
  Attributes,
  Context,
  context,
  propagation,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/** The instrumentation scope of every charts-vibe span. */
export const TRACER_NAME = 'charts-vibe';

/** Attribute names of the domain spans (`charts_vibe.*`, so they never clash with semantic conventions). */
export const SpanAttributes = {
  jobId: 'charts_vibe.job.id',
  chartId: 'charts_vibe.chart.id',
  chartRef: 'charts_vibe.chart.ref',
  expectedCount: 'charts_vibe.job.expected_count',
  jobStatus: 'charts_vibe.job.status',
  matchedCount: 'charts_vibe.job.matched_count',
  notFoundCount: 'charts_vibe.job.not_found_count',
  failedCount: 'charts_vibe.job.failed_count',
  trackKey: 'charts_vibe.track.key',
  trackCount: 'charts_vibe.chart.track_count',
  outcome: 'charts_vibe.track.outcome',
  score: 'charts_vibe.match.score',
  videoId: 'charts_vibe.match.video_id',
  scrapeSource: 'charts_vibe.scrape.source',
  scrapeReason: 'charts_vibe.scrape.reason',
  outboxId: 'charts_vibe.outbox.id',
  outboxAgeSeconds: 'charts_vibe.outbox.age_seconds',
  messageId: 'charts_vibe.message.id',
  attempt: 'charts_vibe.message.attempt',
  playlistId: 'charts_vibe.playlist.id',
  playlistMode: 'charts_vibe.playlist.mode',
} as const;

export interface DomainSpanOptions {
  kind?: SpanKind;
  /** The parent; by default the active context. */
  parent?: Context;
}

/**
 * Runs `fn` inside a new active span: an error is recorded on the span (status ERROR) and
 * rethrown; the span ends when `fn` settles. Attributes that are undefined are left out.
 */
export function withSpan<T>(
  name: string,
  attributes: Record<string, Attributes[string] | null | undefined>,
  fn: (span: Span) => Promise<T> | T,
  options: DomainSpanOptions = {},
): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: definedAttributes(attributes) },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export function definedAttributes(attributes: Record<string, Attributes[string] | null | undefined>): Attributes {
  const defined: Attributes = {};
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined && value !== null) defined[name] = value;
  return defined;
}

export function markFailed(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
}

/** The W3C headers (`traceparent`, `tracestate`, `baggage`) of a context; empty when tracing is off. */
export function traceHeadersOf(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The remote context carried by message headers (ROOT when they carry none). */
export function contextFromHeaders(headers: Record<string, string | undefined> | null | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, headers ?? {});
}

/**
 * The parent for a consumer's work on one message. The kafkajs instrumentation already
 * runs the handler inside its `process <topic>` span, a child of the producer's context:
 * that active span is kept. Without it (the instrumentation not loaded), the context is
 * read from the headers, so the trace still continues.
 */
export function consumerParentContext(headers: Record<string, string | undefined>): { parent: Context; continued: boolean } {
  const active = context.active();
  const activeSpan = trace.getSpan(active)?.spanContext();
  const remote = trace.getSpanContext(contextFromHeaders(headers));
  if (activeSpan && trace.isSpanContextValid(activeSpan) && (!remote || remote.traceId === activeSpan.traceId)) {
    return { parent: active, continued: true };
  }
  return { parent: contextFromHeaders(headers), continued: false };
}

/** Exports the spans still buffered (before a process exits); a no-op when tracing is off. */
export async function flushTracing(): Promise<void> {
  const provider = trace.getTracerProvider();
  const delegate = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
  const flush = (delegate as { forceFlush?: () => Promise<void> }).forceFlush;
  if (flush) await flush.call(delegate).catch(() => undefined);
}
