// The services' HTTP APIs as the CLI uses them: chart-processor's jobs and charts, the
// scraper's trigger. Answers are parsed with zod (only the fields the CLI shows), so a
// changed API is a clear error, not an `undefined` in a table.
import { z } from 'zod';
import { CliError } from './io';

const countsSchema = z.object({
  expected: z.number(),
  matched: z.number(),
  notFound: z.number(),
  failed: z.number(),
});

export const jobSummarySchema = z.object({
  id: z.string(),
  chartId: z.string(),
  chartRef: z.string(),
  source: z.string(),
  status: z.enum(['processing', 'completed', 'expired']),
  progress: z.object({ processed: z.number(), expected: z.number(), percent: z.number() }),
  counts: countsSchema,
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  durationSeconds: z.number(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

const playlistOutputSchema = z
  .object({
    target: z.enum(['youtube', 'file']).optional(),
    title: z.string().optional(),
    url: z.string().optional(),
    files: z.object({ json: z.string(), m3u: z.string() }).optional(),
    itemCount: z.number().optional(),
  })
  .loose();

export const jobDetailSchema = jobSummarySchema.extend({
  unmatched: z.array(
    z.object({
      trackKey: z.string(),
      positions: z.array(z.number()).nullable(),
      artists: z.array(z.string()),
      title: z.string(),
      mixName: z.string().nullable(),
      outcome: z.string(),
      needsReview: z.boolean(),
      candidateVideoId: z.string().nullable(),
      candidateScore: z.number().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  playlist: z
    .object({
      status: z.string(),
      reason: z.string().nullable(),
      resumeAfter: z.string().nullable(),
      output: playlistOutputSchema.nullable(),
    })
    .nullable(),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

export const chartSummarySchema = z.object({
  id: z.string(),
  chartRef: z.string(),
  name: z.string(),
  source: z.string(),
  scrapedAt: z.string(),
  trackCount: z.number(),
  job: z.object({ id: z.string(), status: z.string() }).nullable(),
});
export type ChartSummary = z.infer<typeof chartSummarySchema>;

export const chartDetailSchema = chartSummarySchema.extend({
  entries: z.array(
    z.object({
      position: z.number(),
      trackKey: z.string(),
      artists: z.array(z.string()),
      title: z.string(),
      mixName: z.string().nullable(),
      match: z.object({ status: z.string(), videoId: z.string().nullable(), score: z.number().nullable() }).nullable(),
    }),
  ),
});
export type ChartDetail = z.infer<typeof chartDetailSchema>;

export const scrapeResultSchema = z.object({
  chartId: z.string(),
  chartRef: z.string(),
  chartName: z.string(),
  source: z.string(),
  sourceUrl: z.string(),
  trackCount: z.number(),
});
export type ScrapeResult = z.infer<typeof scrapeResultSchema>;

/** An answer that is not 2xx; `status` lets callers treat a 404 as "not there yet". */
export class ApiError extends CliError {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function messageOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { message, reason } = body as { message?: unknown; reason?: unknown };
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
  return text && typeof reason === 'string' ? `${text} (${reason})` : text;
}

/** One service's HTTP API: JSON in and out, a bearer token when API_TOKEN is set, a timeout on every call. */
export class ServiceClient {
  constructor(
    readonly service: string,
    readonly baseUrl: string,
    /** The variable that moves it, named in a "cannot reach" message. */
    readonly urlVariable: string,
    private readonly token?: string,
    private readonly timeoutMs = 15_000,
  ) {}

  get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    return this.request('GET', path, schema);
  }

  post<S extends z.ZodType>(path: string, body: unknown, schema: S, timeoutMs?: number): Promise<z.infer<S>> {
    return this.request('POST', path, schema, body, timeoutMs);
  }

  private async request<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown, timeoutMs = this.timeoutMs): Promise<z.infer<S>> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new CliError(
        `cannot reach ${this.service} at ${this.baseUrl} (${cause}): is it running? Set ${this.urlVariable} if it listens elsewhere.`,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const detail = messageOf(parsed) ?? (text.slice(0, 200) || response.statusText);
      throw new ApiError(`${this.service}: ${method} ${path} answered ${response.status}: ${detail}`, response.status);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      throw new CliError(`${this.service}: ${method} ${path} answered in an unexpected shape: ${z.prettifyError(result.error)}`);
    }
    return result.data;
  }
}
