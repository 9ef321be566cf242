// Reads a chart out of a beatport.com page. The data is react-query's dehydrated state in
// `<script id="__NEXT_DATA__">`: `props.pageProps.dehydratedState.queries[N].state.data`,
// where N is not fixed and other queries (a Hype 10, top releases, genres) sit beside the
// chart's. We take the query whose key names the chart, else the first holding a list of
// track-like objects. When the JSON holds no track list at all (a Next.js App Router page
// has no `__NEXT_DATA__`), the markup's track rows are read instead, with fewer fields.
import { ChartTrack } from '@charts-vibe/shared';
import { CheerioAPI, load } from 'cheerio';
import { ChartKind, ChartTarget } from './chart-catalog';
import { BeatportBlockedError, BeatportLayoutError } from './errors';
import { isChallengePage } from './beatport-http';
import { readTrackList, TrackList, validateChartTrack } from './track-list';

export interface ChartPage extends TrackList {
  /** `next-data` normally; `markup` when only the rows could be read (no remixers, length or ISRC). */
  readFrom: 'next-data' | 'markup';
  /** A DJ chart's name, when its page carries it. */
  chartName?: string;
}

interface DehydratedQuery {
  queryKey?: unknown;
  state?: { data?: unknown };
}

const QUERY_KEY_OF: Record<ChartKind, (key: string) => boolean> = {
  top: (key) => /top-?100/i.test(key) && !/hype/i.test(key),
  hype: (key) => /hype/i.test(key) && /100/.test(key),
  dj: (key) => /chart/i.test(key) && /track/i.test(key),
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Track-like: an id, a name and what only tracks have (a mix name or a length); releases and artists are not. */
function isTrackLike(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.id === 'number' &&
    typeof value.name === 'string' &&
    ('mix_name' in value || 'length_ms' in value)
  );
}

function resultsOf(query: DehydratedQuery): unknown[] | undefined {
  const data = query.state?.data;
  return isRecord(data) && Array.isArray(data.results) ? data.results : undefined;
}

/** The chart's list from __NEXT_DATA__, or the reason there is none. Schema failures of its tracks throw. */
function fromNextData($: CheerioAPI, target: ChartTarget, url: string): ChartPage | string {
  const script = $('script#__NEXT_DATA__').first();
  if (script.length === 0) return 'the page has no <script id="__NEXT_DATA__">';
  let nextData: unknown;
  try {
    nextData = JSON.parse(script.html() ?? '');
  } catch (error) {
    return `__NEXT_DATA__ is not valid JSON (${(error as Error).message})`;
  }
  const queries = (nextData as { props?: { pageProps?: { dehydratedState?: { queries?: unknown } } } })?.props
    ?.pageProps?.dehydratedState?.queries;
  if (!Array.isArray(queries)) return '__NEXT_DATA__ has no props.pageProps.dehydratedState.queries';

  const keyed = (queries as DehydratedQuery[]).filter((query) =>
    QUERY_KEY_OF[target.kind](JSON.stringify(query.queryKey ?? '')),
  );
  const chosen =
    keyed.length > 0
      ? keyed.find((query) => resultsOf(query) !== undefined)
      : (queries as DehydratedQuery[]).find((query) => (resultsOf(query) ?? []).some(isTrackLike));
  if (!chosen) {
    return keyed.length > 0
      ? `the chart's query ${JSON.stringify(keyed[0].queryKey)} has no state.data.results`
      : `none of the ${queries.length} queries in __NEXT_DATA__ holds a track list`;
  }
  const list = readTrackList(chosen.state?.data, url);
  return { ...list, readFrom: 'next-data', chartName: djChartName(queries as DehydratedQuery[], target) };
}

function djChartName(queries: DehydratedQuery[], target: ChartTarget): string | undefined {
  if (target.chartId === undefined) return undefined;
  for (const query of queries) {
    const data = query.state?.data;
    if (isRecord(data) && data.id === target.chartId && typeof data.name === 'string' && data.name.trim())
      return data.name.trim();
  }
  return undefined;
}

/** The rows of the track table: `div[data-testid="tracks-table-row"]`, as beatport.com renders them. */
function fromMarkup($: CheerioAPI, url: string): ChartPage | undefined {
  const rows = $('[data-testid="tracks-table-row"]');
  if (rows.length === 0) return undefined;
  const tracks: ChartTrack[] = rows.toArray().map((row, index) => {
    const cells = $(row);
    const position = Number(cells.find('[class*="TrackNo"]').first().text().trim()) || index + 1;
    const link = cells.find('a[href*="/track/"]').first();
    const id = Number(link.attr('href')?.match(/\/track\/[^/]+\/(\d+)/)?.[1]);
    const releaseName = link.find('[class*="ReleaseName"]').first();
    const bpmAndKey = cells
      .find('.cell.bpm > div')
      .last()
      .text()
      .match(/^\s*(\d+(?:\.\d+)?)\s*BPM\s*-\s*(.*?)\s*$/);
    const text = (value: string | undefined) => (value?.trim() ? value.trim() : null);
    return validateChartTrack(
      {
        position,
        beatportId: id,
        title: link.attr('title') ?? releaseName.contents().first().text(),
        mixName: text(releaseName.children('span').first().text()),
        artists: cells
          .find('[class*="ArtistNames"] a')
          .toArray()
          .map((a) => $(a).text()),
        remixers: [],
        label: text(cells.find('.cell.label a').first().attr('title')),
        genre: text(cells.find('.cell.bpm a').first().attr('title')),
        bpm: bpmAndKey ? Number(bpmAndKey[1]) : null,
        key: text(bpmAndKey?.[2]),
        lengthMs: null,
        releaseDate: text(cells.find('.cell.date').first().text()),
        isrc: null,
      },
      position,
      url,
    );
  });
  return { tracks, count: tracks.length, page: 1, perPage: tracks.length, readFrom: 'markup' };
}

export function parseChartPage(html: string, target: ChartTarget, url: string): ChartPage {
  if (isChallengePage(html))
    throw new BeatportBlockedError('Beatport answered with a challenge page instead of the chart', url);
  const $ = load(html);
  const fromJson = fromNextData($, target, url);
  if (typeof fromJson !== 'string') return fromJson;
  const fromRows = fromMarkup($, url);
  if (fromRows) return fromRows;
  throw new BeatportLayoutError(`cannot read the chart: ${fromJson}, and the markup has no track rows`, url);
}
