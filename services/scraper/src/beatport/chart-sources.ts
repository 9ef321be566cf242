// The two places a chart can be read from: its beatport.com page, and API v4 (bearer
// token). Both page through the chart until `count` tracks are in, building every URL
// themselves on the configured origin (the API's own `next` links name the public host).
import { ChartTrack } from '@charts-vibe/shared';
import { ScrapeSource } from '../config';
import { BeatportHttp } from './beatport-http';
import { ChartTarget } from './chart-catalog';
import { parseChartPage } from './chart-page-parser';
import { BeatportLayoutError } from './errors';
import { readTrackList, TrackList } from './track-list';

export interface SourcedChart {
  source: ScrapeSource;
  /** The first URL fetched. */
  sourceUrl: string;
  tracks: ChartTrack[];
  chartName?: string;
  /** Fields this source could not provide, for a warning (the markup has no remixers, length or ISRC). */
  degraded?: string;
}

export interface ChartSource {
  readonly name: ScrapeSource;
  supports(target: ChartTarget): boolean;
  read(target: ChartTarget): Promise<SourcedChart>;
}

// A DJ chart or a 100 never needs more; a loop past this is a paging bug, not a chart.
const MAX_PAGES = 20;
const API_PAGE_SIZE = 100;

/** Appends one page to what is collected, refusing a page that does not continue the chart. */
function appendPage(collected: ChartTrack[], list: TrackList, url: string): void {
  const first = list.tracks[0];
  if (first && first.position !== collected.length + 1) {
    throw new BeatportLayoutError(
      `page ${list.page} starts at position ${first.position}, expected ${collected.length + 1}`,
      url,
    );
  }
  collected.push(...list.tracks);
}

function withQuery(base: string, query: Record<string, number>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  return url.toString();
}

export class PageSource implements ChartSource {
  readonly name = 'page';

  constructor(
    private readonly http: BeatportHttp,
    private readonly baseUrl: string,
  ) {}

  supports(): boolean {
    return true;
  }

  async read(target: ChartTarget): Promise<SourcedChart> {
    const sourceUrl = new URL(target.pagePath, this.baseUrl).toString();
    const tracks: ChartTrack[] = [];
    let url = sourceUrl;
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      const answer = await this.http.get(url, 'html');
      const page = parseChartPage(answer.body, target, answer.url);
      if (page.readFrom === 'markup') {
        return {
          source: 'page',
          sourceUrl,
          tracks: page.tracks,
          degraded: 'read from the markup: no remixers, length or ISRC',
        };
      }
      appendPage(tracks, page, answer.url);
      if (page.tracks.length === 0 || tracks.length >= page.count)
        return { source: 'page', sourceUrl, tracks, chartName: page.chartName };
      url = withQuery(sourceUrl, { page: page.page + 1, per_page: page.perPage });
    }
    throw new BeatportLayoutError(`the chart did not end within ${MAX_PAGES} pages`, sourceUrl);
  }
}

export class ApiSource implements ChartSource {
  readonly name = 'api';

  constructor(
    private readonly http: BeatportHttp,
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  supports(target: ChartTarget): boolean {
    return target.apiPath !== null;
  }

  async read(target: ChartTarget): Promise<SourcedChart> {
    if (!target.apiPath) throw new Error(`the API has no endpoint for ${target.ref}`);
    const sourceUrl = new URL(target.apiPath, this.baseUrl).toString();
    const tracks: ChartTrack[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      const url = withQuery(sourceUrl, { page: pageNumber, per_page: API_PAGE_SIZE });
      const answer = await this.http.get(url, 'json', { authorization: `Bearer ${this.token}` });
      let data: unknown;
      try {
        data = JSON.parse(answer.body);
      } catch {
        throw new BeatportLayoutError('the API answered with something other than JSON', answer.url);
      }
      const list = readTrackList(data, answer.url);
      appendPage(tracks, list, answer.url);
      if (list.tracks.length === 0 || tracks.length >= list.count) return { source: 'api', sourceUrl, tracks };
    }
    throw new BeatportLayoutError(`the chart did not end within ${MAX_PAGES} pages`, sourceUrl);
  }
}
