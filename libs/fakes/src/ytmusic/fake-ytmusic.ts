// A local YouTube Music for tests and offline runs, spoken to by the real ytmusic-api:
// GET / serves a page with one `ytcfg.set({...});` line, POST /youtubei/v1/search answers
// from recorded responses (by query and filter) or, for a chart's tracks, with answers
// built on their structure. Failures on demand: a consent page, 400, 429, 5xx, a
// timeout, a changed layout.
import { ServerResponse } from 'node:http';
import { FakeServer, RecordedRequest, sendJson } from '../http/fake-server';
import { CatalogTrack, ChartCatalog } from './chart-catalog';
import { buildSearchResponse, ResultItem, withChangedLayout } from './innertube-response';
import { loadRecordedSearches, RecordedSearch } from './recorded-search';
import { decodeSearchFilter, SearchFilter } from './search-params';

export type YtMusicFailure =
  /** GET / answers with the EU cookie-consent page: no ytcfg, so no API key. */
  | { kind: 'consent' }
  /** Searches answer with this status, `times` times (default: until cleared). */
  | { kind: 'status'; status: number; times?: number }
  /** Searches are never answered, `times` times. */
  | { kind: 'timeout'; times?: number }
  /** Searches answer 200 with the results' fields moved, `times` times. */
  | { kind: 'layout-changed'; times?: number };

export interface FakeYtMusicOptions {
  /** Recorded answers (default: every recording in tests/fixtures/ytmusic). */
  recordings?: RecordedSearch[];
  /** Tracks to answer for with built answers: a ChartCatalog, or the tracks to build one from. */
  catalog?: ChartCatalog | readonly CatalogTrack[];
  apiKey?: string;
  /** Every search answers after this long (a realistic round trip for benchmarks). */
  latencyMs?: number;
}

export interface SearchRequestLog {
  query: string;
  filter: SearchFilter;
  key: string | null;
  status: number;
}

interface PendingFailure {
  failure: YtMusicFailure;
  remaining: number;
}

const CLIENT_VERSION = '1.20260121.03.00';

export class FakeYtMusic {
  readonly catalog: ChartCatalog | null;
  /** Every search the fake answered, in order. */
  readonly searches: SearchRequestLog[] = [];
  private readonly server: FakeServer;
  private readonly recordings: RecordedSearch[];
  private failures: PendingFailure[] = [];
  private readonly scripted = new Map<string, ResultItem[]>();
  private apiKeyGeneration = 0;

  constructor(private readonly options: FakeYtMusicOptions = {}) {
    this.recordings = options.recordings ?? loadRecordedSearches();
    this.catalog = options.catalog instanceof ChartCatalog ? options.catalog : options.catalog ? new ChartCatalog(options.catalog) : null;
    this.server = new FakeServer((request, response) => this.handle(request, response));
  }

  /** Every HTTP request the fake received (page loads and searches). */
  get requests(): RecordedRequest[] {
    return this.server.requests;
  }

  get url(): string {
    return this.server.url;
  }

  /** The key the current page hands out; `rotateApiKey` makes the previous one stale (answered with 400). */
  get apiKey(): string {
    const base = this.options.apiKey ?? 'AIzaSyFakeYtMusicKey';
    return this.apiKeyGeneration ? `${base}-${this.apiKeyGeneration}` : base;
  }

  start(port = 0): Promise<string> {
    return this.server.start(port);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  fail(failure: YtMusicFailure): void {
    const times = 'times' in failure && failure.times !== undefined ? failure.times : Infinity;
    this.failures.push({ failure, remaining: times });
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** Answers this query and filter with these results (built on a recorded answer), before recordings and catalog. */
  respondTo(query: string, filter: 'songs' | 'videos', results: ResultItem[]): void {
    this.scripted.set(`${query.trim().toLowerCase()}|${filter}`, results);
  }

  rotateApiKey(): void {
    this.apiKeyGeneration += 1;
  }

  private takeFailure(kinds: YtMusicFailure['kind'][]): YtMusicFailure | undefined {
    const pending = this.failures.find((entry) => kinds.includes(entry.failure.kind) && entry.remaining > 0);
    if (!pending) return undefined;
    if (pending.failure.kind !== 'consent') pending.remaining -= 1;
    return pending.failure;
  }

  private handle(request: RecordedRequest, response: ServerResponse): void {
    if (request.method === 'GET' && request.path === '/') return this.servePage(response);
    if (request.method === 'POST' && /^\/youtubei\/[^/]+\/search$/.test(request.path)) {
      const latency = this.options.latencyMs ?? 0;
      if (latency > 0) return void setTimeout(() => this.serveSearch(request, response), latency);
      return this.serveSearch(request, response);
    }
    sendJson(response, 404, { error: { code: 404, message: `no route ${request.method} ${request.path}`, status: 'NOT_FOUND' } });
  }

  private servePage(response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (this.takeFailure(['consent'])) {
      response.end(
        '<!DOCTYPE html><html lang="en"><head><title>Before you continue to YouTube</title></head><body>' +
          '<form action="https://consent.youtube.com/save" method="POST"><p>We use cookies and data to deliver and maintain Google services</p>' +
          '<button>Reject all</button><button>Accept all</button></form></body></html>',
      );
      return;
    }
    const config = {
      INNERTUBE_API_KEY: this.apiKey,
      INNERTUBE_API_VERSION: 'v1',
      INNERTUBE_CLIENT_NAME: 'WEB_REMIX',
      INNERTUBE_CLIENT_VERSION: CLIENT_VERSION,
      INNERTUBE_CONTEXT_CLIENT_NAME: 67,
      VISITOR_DATA: 'CgtGYWtlVmlzaXRvcijY2N7LBg%3D%3D',
      DEVICE: 'cbr=Chrome&cbrver=120.0.0.0&ceng=WebKit&cengver=537.36&cos=X11',
      PAGE_CL: 858938007,
      PAGE_BUILD_LABEL: 'youtube.music.web.client_20260121_03_RC00',
      GL: 'US',
      HL: 'en',
    };
    response.end(
      `<!DOCTYPE html><html><head><script nonce="fake">window.ytcfg={};</script>\n` +
        `<script nonce="fake">ytcfg.set(${JSON.stringify(config)});</script>\n</head><body><ytmusic-app></ytmusic-app></body></html>`,
    );
  }

  private serveSearch(request: RecordedRequest, response: ServerResponse): void {
    let body: { query?: unknown; params?: unknown };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return this.error(response, request, 400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    const query = typeof body.query === 'string' ? body.query : '';
    const filter = decodeSearchFilter(typeof body.params === 'string' ? body.params : null);
    const log: SearchRequestLog = { query, filter, key: request.query.get('key'), status: 200 };
    this.searches.push(log);

    if (log.key !== this.apiKey) {
      log.status = 400;
      return this.error(response, request, 400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.');
    }
    const failure = this.takeFailure(['status', 'timeout', 'layout-changed']);
    if (failure?.kind === 'timeout') {
      log.status = 0;
      return; // never answered; the connection closes when the fake stops
    }
    if (failure?.kind === 'status') {
      log.status = failure.status;
      const retryAfter: Record<string, string> = failure.status === 429 ? { 'retry-after': '1' } : {};
      return this.error(response, request, failure.status, failure.status === 429 ? 'RESOURCE_EXHAUSTED' : 'UNAVAILABLE', 'The fake failed on purpose.', retryAfter);
    }
    const answer = this.answer(query, filter);
    sendJson(response, 200, failure?.kind === 'layout-changed' ? withChangedLayout(answer) : answer);
  }

  private answer(query: string, filter: SearchFilter): Record<string, unknown> {
    const normalized = query.trim().toLowerCase();
    const scripted = this.scripted.get(`${normalized}|${filter}`);
    if (scripted) return buildSearchResponse(this.templateFor(filter).body, scripted, filter);
    const recorded = this.recordings.find((recording) => recording.query.toLowerCase() === normalized && recording.filter === filter);
    if (recorded) return recorded.body;

    const template = this.templateFor(filter);
    const track = this.catalog?.trackForQuery(query);
    const results = track && this.catalog ? this.catalog.results(track, filter === 'videos' ? 'video' : 'song') : [];
    return buildSearchResponse(template.body, results, filter);
  }

  private templateFor(filter: SearchFilter): RecordedSearch {
    const wanted = filter === 'videos' ? 'videos' : 'songs';
    const template = this.recordings.find((recording) => recording.filter === wanted) ?? this.recordings[0];
    if (!template) throw new Error('the fake YouTube Music needs at least one recorded search to build answers on');
    return template;
  }

  private error(
    response: ServerResponse,
    request: RecordedRequest,
    status: number,
    reason: string,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    sendJson(response, status, { error: { code: status, message, status: reason, details: [{ path: request.path }] } }, headers);
  }
}
