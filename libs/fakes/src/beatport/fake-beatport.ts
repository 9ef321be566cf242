// A local Beatport for tests and offline runs: chart pages (Next.js documents with
// `__NEXT_DATA__`), API v4 lists with paging and a bearer-token check, and, on demand,
// what the real site answers when it will not serve: challenge pages, 403, 404, 429
// with Retry-After. One server serves both hosts (pages at `/…`, the API at `/v4/…`).
import { ServerResponse } from 'node:http';
import { FakeServer, RecordedRequest, sendJson } from '../http/fake-server';
import {
  ChallengeKind,
  ChartPageOptions,
  renderChallengePage,
  renderChartPage,
  renderNotFoundPage,
} from './chart-page';
import { BeatportTrackJson, loadPsyTranceTop100 } from './fixtures';

export const FAKE_BEATPORT_TOKEN = 'fake-beatport-api-token';

export interface FakeChart {
  /** Track objects in chart order, as Beatport returns them. */
  tracks: BeatportTrackJson[];
  title: string;
  /** The react-query key of the chart's query on its page. */
  queryKey: unknown[];
  /** Tracks per page, on the page and in the API (the API also caps `per_page` at this). Default 100. */
  perPage?: number;
  chartDetails?: { id: number; name: string };
  /** How the page is built (extra queries, their order, what is missing). */
  page?: Pick<ChartPageOptions, 'extraQueries' | 'queryOrder' | 'nextData' | 'results' | 'markupRows' | 'sideTracks'>;
}

export type ScriptedResponse =
  | { challenge: ChallengeKind; status?: number }
  | { status: number; retryAfter?: string; body?: string; contentType?: string };

export class FakeBeatport {
  readonly server = new FakeServer((request, response) => this.handle(request, response));
  private readonly pages = new Map<string, FakeChart>();
  private readonly api = new Map<string, FakeChart>();
  private readonly scripted = new Map<string, ScriptedResponse[]>();

  constructor(readonly apiToken = FAKE_BEATPORT_TOKEN) {}

  start(port = 0): Promise<string> {
    return this.server.start(port);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  get url(): string {
    return this.server.url;
  }

  get requests(): RecordedRequest[] {
    return this.server.requests;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.server.requests.filter((request) => request.path === path);
  }

  servePage(path: string, chart: FakeChart): this {
    this.pages.set(path, chart);
    return this;
  }

  serveApi(path: string, chart: FakeChart): this {
    this.api.set(path, chart);
    return this;
  }

  /** The next requests to `path` get these responses, one each; then it serves normally again. */
  script(path: string, ...responses: ScriptedResponse[]): this {
    this.scripted.set(path, [...(this.scripted.get(path) ?? []), ...responses]);
    return this;
  }

  /** The charts charts-vibe knows by name, on pages and in the API, all serving the recorded Psy-Trance Top 100. */
  serveRecordedCharts(): this {
    const tracks = loadPsyTranceTop100().results;
    const sideTracks = [...tracks].reverse().slice(0, 10);
    const page = { extraQueries: true, queryOrder: { seed: 7 }, sideTracks } as const;
    const top100: FakeChart = {
      tracks,
      title: 'Top 100 Songs & DJ Tracks',
      queryKey: ['top-100-tracks-per_page=100'],
      page,
    };
    const genreTop100: FakeChart = {
      tracks,
      title: 'Psy-Trance Top 100',
      queryKey: ['genre-13-top-100-tracks-per_page=100'],
      page,
    };
    return this.servePage('/top-100', top100)
      .servePage('/hype-100', { ...top100, title: 'Hype Top 100', queryKey: ['hype-100-tracks-per_page=100'] })
      .servePage('/genre/psy-trance/13/top-100', genreTop100)
      .servePage('/genre/psy-trance/13/hype-100', {
        ...genreTop100,
        title: 'Psy-Trance Hype Top 100',
        queryKey: ['genre-13-hype-100-tracks-per_page=100'],
      })
      .serveApi('/v4/catalog/tracks/top/100/', top100)
      .serveApi('/v4/catalog/genres/13/top/100/', genreTop100);
  }

  private handle(request: RecordedRequest, response: ServerResponse): void {
    const scripted = this.scripted.get(request.path)?.shift();
    if (scripted) return this.sendScripted(scripted, response);
    if (request.path.startsWith('/v4/')) return this.handleApi(request, response);
    const chart = this.pages.get(request.path);
    if (!chart) return sendHtml(response, 404, renderNotFoundPage(request.path));
    const perPage = Number(request.query.get('per_page')) || chart.perPage || 100;
    const page = Math.max(1, Number(request.query.get('page')) || 1);
    sendHtml(
      response,
      200,
      renderChartPage({
        route: request.path,
        title: chart.title,
        queryKey: chart.queryKey,
        tracks: chart.tracks.slice((page - 1) * perPage, page * perPage),
        count: chart.tracks.length,
        page,
        perPage,
        chartDetails: chart.chartDetails,
        ...chart.page,
      }),
    );
  }

  private handleApi(request: RecordedRequest, response: ServerResponse): void {
    const presented = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!presented) return sendJson(response, 401, { detail: 'Authentication credentials were not provided.' });
    if (presented !== this.apiToken) return sendJson(response, 401, { detail: 'Invalid token.' });
    const chart = this.api.get(request.path);
    if (!chart) return sendJson(response, 404, { detail: 'Not found.' });
    const perPage = Math.min(Number(request.query.get('per_page')) || 10, chart.perPage ?? 100);
    const page = Number(request.query.get('page')) || 1;
    const lastPage = Math.max(1, Math.ceil(chart.tracks.length / perPage));
    if (page < 1 || page > lastPage) return sendJson(response, 404, { detail: 'Invalid page.' });
    // Like the real API: `next`/`previous` name the public host without a scheme.
    const link = (n: number) => `api.beatport.com${request.path}?page=${n}&per_page=${perPage}`;
    sendJson(response, 200, {
      next: page < lastPage ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      count: chart.tracks.length,
      page: String(page),
      per_page: perPage,
      results: chart.tracks.slice((page - 1) * perPage, page * perPage),
    });
  }

  private sendScripted(scripted: ScriptedResponse, response: ServerResponse): void {
    if ('challenge' in scripted) {
      response.writeHead(scripted.status ?? 403, {
        'content-type': 'text/html; charset=UTF-8',
        server: 'cloudflare',
        ...(scripted.challenge === 'cloudflare' ? { 'cf-mitigated': 'challenge' } : {}),
      });
      response.end(renderChallengePage(scripted.challenge));
      return;
    }
    response.writeHead(scripted.status, {
      'content-type': scripted.contentType ?? 'text/html; charset=utf-8',
      ...(scripted.retryAfter !== undefined ? { 'retry-after': scripted.retryAfter } : {}),
    });
    response.end(scripted.body ?? `<html><body><h1>${scripted.status}</h1></body></html>`);
  }
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  response.end(html);
}
