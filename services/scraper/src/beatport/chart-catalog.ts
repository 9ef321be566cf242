// The charts the scraper knows: names (`top-100`, `genre:psy-trance`, …) and beatport.com
// chart URLs resolve to a target with the page and API paths to read. Anything else is
// refused here, before any request: a user never makes us fetch a URL of their choosing,
// only a path we build on the configured Beatport hosts.
import { UnknownChartError } from './errors';

export type ChartKind = 'top' | 'hype' | 'dj';

export interface ChartTarget {
  /** The chart across days, e.g. `beatport:top-100`, `beatport:genre:13`, `beatport:chart:12345`. */
  ref: string;
  name: string;
  kind: ChartKind;
  /** The chart's page path on beatport.com (and on BEATPORT_BASE_URL). */
  pagePath: string;
  /** Its API v4 list, when the API has one. */
  apiPath: string | null;
  /** Fewer tracks than this means we did not read the chart right. */
  minTracks: number;
  /** A DJ chart's id (its page carries its name under this id). */
  chartId?: number;
}

/** Beatport's genres as their URLs name them (https://www.beatport.com/genre/<slug>/<id>/top-100). */
export const BEATPORT_GENRES: readonly { id: number; slug: string; name: string }[] = [
  { id: 95, slug: '140-deep-dubstep-grime', name: '140 / Deep Dubstep / Grime' },
  { id: 89, slug: 'afro-house', name: 'Afro House' },
  { id: 98, slug: 'amapiano', name: 'Amapiano' },
  { id: 100, slug: 'ambient-experimental', name: 'Ambient / Experimental' },
  { id: 85, slug: 'bass-club', name: 'Bass / Club' },
  { id: 91, slug: 'bass-house', name: 'Bass House' },
  { id: 101, slug: 'brazilian-funk', name: 'Brazilian Funk' },
  { id: 9, slug: 'breaks-breakbeat-uk-bass', name: 'Breaks / Breakbeat / UK Bass' },
  { id: 39, slug: 'dance-pop', name: 'Dance / Pop' },
  { id: 12, slug: 'deep-house', name: 'Deep House' },
  { id: 63, slug: 'downtempo', name: 'Downtempo' },
  { id: 1, slug: 'drum-bass', name: 'Drum & Bass' },
  { id: 18, slug: 'dubstep', name: 'Dubstep' },
  { id: 94, slug: 'electro-classic-detroit-modern', name: 'Electro (Classic / Detroit / Modern)' },
  { id: 3, slug: 'electronica', name: 'Electronica' },
  { id: 81, slug: 'funky-house', name: 'Funky House' },
  { id: 8, slug: 'hard-dance-hardcore-neo-rave', name: 'Hard Dance / Hardcore / Neo Rave' },
  { id: 2, slug: 'hard-techno', name: 'Hard Techno' },
  { id: 5, slug: 'house', name: 'House' },
  { id: 37, slug: 'indie-dance', name: 'Indie Dance' },
  { id: 97, slug: 'jackin-house', name: 'Jackin House' },
  { id: 96, slug: 'mainstage', name: 'Mainstage' },
  { id: 90, slug: 'melodic-house-techno', name: 'Melodic House & Techno' },
  { id: 14, slug: 'minimal-deep-tech', name: 'Minimal / Deep Tech' },
  { id: 50, slug: 'nu-disco-disco', name: 'Nu Disco / Disco' },
  { id: 93, slug: 'organic-house', name: 'Organic House' },
  { id: 15, slug: 'progressive-house', name: 'Progressive House' },
  { id: 13, slug: 'psy-trance', name: 'Psy-Trance' },
  { id: 11, slug: 'tech-house', name: 'Tech House' },
  { id: 6, slug: 'techno-peak-time-driving', name: 'Techno (Peak Time / Driving)' },
  { id: 92, slug: 'techno-raw-deep-hypnotic', name: 'Techno (Raw / Deep / Hypnotic)' },
  { id: 7, slug: 'trance-main-floor', name: 'Trance (Main Floor)' },
  { id: 99, slug: 'trance-raw-deep-hypnotic', name: 'Trance (Raw / Deep / Hypnotic)' },
  { id: 38, slug: 'trap-future-bass', name: 'Trap / Future Bass' },
  { id: 86, slug: 'uk-garage-bassline', name: 'UK Garage / Bassline' },
];

export const PUBLIC_BEATPORT_ORIGIN = 'https://www.beatport.com';
const BEATPORT_HOSTS = new Set(['www.beatport.com', 'beatport.com']);
const LOCALE_PREFIX = /^\/(?:de|fr|es|it|ja|pt|nl)(?=\/)/;
const SLUG = '[a-z0-9][a-z0-9-]{0,99}';
const ID = '[1-9]\\d{0,9}';
const HUNDRED_CHART_MIN_TRACKS = 90;

export const CHART_FORMS = [
  'top-100',
  'hype-100',
  'genre:<slug-or-id>',
  'genre-hype:<slug-or-id>',
  'https://www.beatport.com/top-100',
  'https://www.beatport.com/hype-100',
  'https://www.beatport.com/genre/<slug>/<id>/top-100',
  'https://www.beatport.com/genre/<slug>/<id>/hype-100',
  'https://www.beatport.com/chart/<slug>/<id>',
] as const;

const TOP_100: ChartTarget = {
  ref: 'beatport:top-100',
  name: 'Beatport Top 100',
  kind: 'top',
  pagePath: '/top-100',
  apiPath: '/v4/catalog/tracks/top/100/',
  minTracks: HUNDRED_CHART_MIN_TRACKS,
};

// The API v4 lists no Hype 100 endpoint, so Hype charts are read from their pages only.
const HYPE_100: ChartTarget = {
  ref: 'beatport:hype-100',
  name: 'Beatport Hype 100',
  kind: 'hype',
  pagePath: '/hype-100',
  apiPath: null,
  minTracks: HUNDRED_CHART_MIN_TRACKS,
};

function titleOfSlug(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

function genreTarget(kind: 'top' | 'hype', id: number, slug: string): ChartTarget {
  const name = BEATPORT_GENRES.find((genre) => genre.id === id)?.name ?? titleOfSlug(slug);
  return {
    ref: `beatport:${kind === 'top' ? 'genre' : 'genre-hype'}:${id}`,
    name: `Beatport ${name} ${kind === 'top' ? 'Top 100' : 'Hype 100'}`,
    kind,
    pagePath: `/genre/${slug}/${id}/${kind === 'top' ? 'top-100' : 'hype-100'}`,
    apiPath: kind === 'top' ? `/v4/catalog/genres/${id}/top/100/` : null,
    minTracks: HUNDRED_CHART_MIN_TRACKS,
  };
}

function djChartTarget(id: number, slug: string): ChartTarget {
  return {
    ref: `beatport:chart:${id}`,
    name: `Beatport chart: ${titleOfSlug(slug)}`,
    kind: 'dj',
    pagePath: `/chart/${slug}/${id}`,
    apiPath: `/v4/catalog/charts/${id}/tracks/`,
    minTracks: 1,
    chartId: id,
  };
}

function namedGenre(kind: 'top' | 'hype', slugOrId: string): ChartTarget {
  const genre = BEATPORT_GENRES.find((g) => g.slug === slugOrId || String(g.id) === slugOrId);
  if (!genre) {
    throw new UnknownChartError(
      `unknown genre "${slugOrId}": use a slug or id from GET /charts/known, or the genre's URL (https://www.beatport.com/genre/<slug>/<id>/top-100)`,
    );
  }
  return genreTarget(kind, genre.id, genre.slug);
}

function fromUrl(input: string): ChartTarget {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UnknownChartError(`"${input}" is not a valid URL`);
  }
  if (
    url.protocol !== 'https:' ||
    !BEATPORT_HOSTS.has(url.hostname) ||
    url.port !== '' ||
    url.username ||
    url.password
  ) {
    throw new UnknownChartError(`only https://www.beatport.com chart URLs are accepted, not "${input}"`);
  }
  const path = url.pathname.toLowerCase().replace(LOCALE_PREFIX, '').replace(/\/+$/, '');
  if (path === '/top-100') return TOP_100;
  if (path === '/hype-100') return HYPE_100;
  const genre = path.match(new RegExp(`^/genre/(${SLUG})/(${ID})/(top-100|hype-100)$`));
  if (genre) return genreTarget(genre[3] === 'top-100' ? 'top' : 'hype', Number(genre[2]), genre[1]);
  const chart = path.match(new RegExp(`^/chart/(${SLUG})/(${ID})$`));
  if (chart) return djChartTarget(Number(chart[2]), chart[1]);
  throw new UnknownChartError(
    `${url.origin}${url.pathname} is not a Beatport chart page (accepted: ${CHART_FORMS.join(', ')})`,
  );
}

/** Resolves what a user asked for (a name or a beatport.com URL) to a chart, or throws UnknownChartError. */
export function resolveChart(input: string): ChartTarget {
  const chart = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(chart) || chart.startsWith('//') || /beatport\.com/i.test(chart))
    return fromUrl(chart);
  const name = chart.toLowerCase();
  if (name === 'top-100') return TOP_100;
  if (name === 'hype-100') return HYPE_100;
  const genre = name.match(/^(genre|genre-hype):(.+)$/);
  if (genre) return namedGenre(genre[1] === 'genre' ? 'top' : 'hype', genre[2]);
  throw new UnknownChartError(`unknown chart "${chart}" (accepted: ${CHART_FORMS.join(', ')})`);
}

export interface KnownChart {
  chart: string;
  chartRef: string;
  name: string;
  url: string;
  sources: ('page' | 'api')[];
}

/** The catalog as GET /charts/known lists it: every chart that has a name. DJ charts are given by URL. */
export function knownCharts(): KnownChart[] {
  const entry = (chart: string, target: ChartTarget): KnownChart => ({
    chart,
    chartRef: target.ref,
    name: target.name,
    url: `${PUBLIC_BEATPORT_ORIGIN}${target.pagePath}`,
    sources: target.apiPath ? ['page', 'api'] : ['page'],
  });
  return [
    entry('top-100', TOP_100),
    entry('hype-100', HYPE_100),
    ...BEATPORT_GENRES.flatMap((genre) => [
      entry(`genre:${genre.slug}`, genreTarget('top', genre.id, genre.slug)),
      entry(`genre-hype:${genre.slug}`, genreTarget('hype', genre.id, genre.slug)),
    ]),
  ];
}
