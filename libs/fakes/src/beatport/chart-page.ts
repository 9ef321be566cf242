// Renders Beatport pages the way beatport.com serves them: a Next.js document whose
// `__NEXT_DATA__` holds react-query's dehydrated queries (the chart's among others, in
// no fixed order) and whose markup repeats the tracks as table rows; plus the
// challenge pages Cloudflare and Beatport answer with instead.
import { BeatportTrackJson } from './fixtures';

export type QueryOrder = 'chart-first' | 'chart-last' | { seed: number };

export interface ChartPageOptions {
  /** The page's route, e.g. `/top-100` or `/genre/psy-trance/13/top-100`. */
  route: string;
  title: string;
  /** The react-query key of the chart's query, e.g. `["top-100-tracks-per_page=100"]`. */
  queryKey: unknown[];
  /** This page's tracks (already sliced to the page). */
  tracks: BeatportTrackJson[];
  count: number;
  page: number;
  perPage: number;
  /** Tracks a real page carries besides the chart (a "Hype 10" box): a trap for a parser that takes the first list. */
  sideTracks?: BeatportTrackJson[];
  /** Add the other queries a real page carries (genre facts, top releases, a side track list, a pending query). */
  extraQueries?: boolean;
  queryOrder?: QueryOrder;
  /** A DJ chart's own details, carried by its page as a separate query. */
  chartDetails?: { id: number; name: string };
  /** false: a page without `<script id="__NEXT_DATA__">` (as after a move to the App Router). */
  nextData?: boolean;
  /** false: the chart's query lacks `results` (a changed data layout). */
  results?: boolean;
  /** false: no track rows in the markup (a client-rendered page). */
  markupRows?: boolean;
}

/** Next.js escapes these in `__NEXT_DATA__` so the JSON cannot close the script tag. */
export function htmlEscapeJson(json: string): string {
  return json
    .replace(/&/g, '\\u0026')
    .replace(/>/g, '\\u003e')
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');
}

function successfulQuery(queryKey: unknown[], data: unknown) {
  return {
    state: {
      data,
      dataUpdateCount: 1,
      dataUpdatedAt: 1769363546231,
      error: null,
      errorUpdateCount: 0,
      errorUpdatedAt: 0,
      fetchFailureCount: 0,
      fetchFailureReason: null,
      fetchMeta: null,
      isInvalidated: false,
      status: 'success',
      fetchStatus: 'idle',
    },
    queryKey,
    queryHash: JSON.stringify(queryKey),
  };
}

function pendingQuery(queryKey: unknown[]) {
  return {
    state: { dataUpdateCount: 0, error: null, status: 'pending', fetchStatus: 'idle' },
    queryKey,
    queryHash: JSON.stringify(queryKey),
  };
}

/** A deterministic shuffle (mulberry32), so a failing order can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function releasesOf(tracks: BeatportTrackJson[]) {
  // Releases have a name and artists too, but no mix_name: track-like only to a careless parser.
  return tracks.map((track) => {
    const release = (track.release ?? {}) as Record<string, unknown>;
    return {
      id: release.id ?? track.id,
      name: release.name ?? track.name,
      artists: track.artists ?? [],
      label: release.label ?? null,
      image: release.image ?? null,
    };
  });
}

function chartQueries(options: ChartPageOptions): unknown[] {
  const data: Record<string, unknown> = {
    next: null,
    previous: null,
    count: options.count,
    page: String(options.page),
    per_page: options.perPage,
  };
  if (options.results !== false) data.results = options.tracks;
  const chart = successfulQuery(options.queryKey, data);
  const details = options.chartDetails
    ? [
        successfulQuery([`chart-${options.chartDetails.id}`], {
          ...options.chartDetails,
          track_count: options.count,
          enabled: true,
        }),
      ]
    : [];
  if (!options.extraQueries) return [chart, ...details];

  const side = options.sideTracks ?? [];
  const extras = [
    successfulQuery(['hype-10-tracks-per_page=10'], {
      count: side.length,
      page: '1',
      per_page: 10,
      results: side.slice(0, 10),
    }),
    successfulQuery(['top-10-releases-per_page=10'], {
      count: 10,
      page: '1',
      per_page: 10,
      results: releasesOf(side.slice(0, 10)),
    }),
    successfulQuery(['genres'], {
      count: 2,
      results: [
        { id: 13, name: 'Psy-Trance', slug: 'psy-trance' },
        { id: 5, name: 'House', slug: 'house' },
      ],
    }),
    pendingQuery(['my-account']),
  ];
  const order = options.queryOrder ?? 'chart-first';
  if (order === 'chart-first') return [chart, ...details, ...extras];
  if (order === 'chart-last') return [...extras, ...details, chart];
  return shuffled([chart, ...details, ...extras], order.seed);
}

function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function namesOf(value: unknown): { name: string; id?: number }[] {
  return Array.isArray(value) ? (value as { name: string; id?: number }[]) : [];
}

function markupRow(track: BeatportTrackJson, position: number): string {
  const release = (track.release ?? {}) as { name?: string; label?: { id?: number; name?: string } };
  const genre = (track.genre ?? {}) as { id?: number; name?: string };
  const key = (track.key ?? {}) as { name?: string };
  const artists = namesOf(track.artists)
    .map(
      (a) => `<a title="${escapeHtml(a.name)}" href="/artist/${slugOf(a.name)}/${a.id ?? 0}">${escapeHtml(a.name)}</a>`,
    )
    .join(', ');
  const label = release.label?.name ?? '';
  return (
    `<div data-testid="tracks-table-row" class="Table-style__TableRow-sc-daa17f0f-1 eueOuj row tracks-table">` +
    `<div class="Table-style__TableCell-sc-daa17f0f-0 ocBeZ controls" role="cell"><div class="Tables-shared-style__TrackNo-sc-74ae448d-1 jkGylL">${position}</div></div>` +
    `<div class="Table-style__TableCell-sc-daa17f0f-0 ocBeZ cell title" role="cell"><div class="container">` +
    `<div class="Tables-shared-style__TitleRow-sc-74ae448d-4 kvuRbj"><a title="${escapeHtml(track.name.trim())}" href="/track/${slugOf(track.name)}/${track.id}">` +
    `<span class="Tables-shared-style__ReleaseName-sc-74ae448d-5 bjvFIT">${escapeHtml(track.name.trim())}<!-- --> <span>${escapeHtml(track.mix_name ?? '')}</span> </span></a></div>` +
    `<div class="ArtistNames-sc-9ed174b1-0 gElEAY">${artists}</div></div></div>` +
    `<div class="Table-style__TableCell-sc-daa17f0f-0 ocBeZ cell label" role="cell"><a title="${escapeHtml(label)}" href="/label/${slugOf(label)}/${release.label?.id ?? 0}">${escapeHtml(label)}</a></div>` +
    `<div class="Table-style__TableCell-sc-daa17f0f-0 ocBeZ cell bpm" role="cell"><a title="${escapeHtml(genre.name ?? '')}" href="/genre/${slugOf(genre.name ?? '')}/${genre.id ?? 0}">${escapeHtml(genre.name ?? '')}</a>` +
    `<div>${track.bpm ?? ''}<!-- --> BPM <!-- -->- ${escapeHtml(key.name ?? '')}</div></div>` +
    `<div class="Table-style__TableCell-sc-daa17f0f-0 ocBeZ cell date" role="cell">${escapeHtml(String(track.publish_date ?? ''))}</div>` +
    `</div>`
  );
}

function document(title: string, route: string, body: string, nextData?: unknown): string {
  const script =
    nextData === undefined
      ? ''
      : `<script id="__NEXT_DATA__" type="application/json">${htmlEscapeJson(JSON.stringify(nextData))}</script>`;
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8" data-next-head=""/>` +
    `<link rel="canonical" hrefLang="en" href="https://www.beatport.com${escapeHtml(route)}" data-next-head=""/>` +
    `<title data-next-head="">${escapeHtml(title)}</title>` +
    `<script src="/_next/static/chunks/main-24a2d00730d8757b.js" defer=""></script></head>` +
    `<body><div id="__next"><main>${body}</main><div id="footer"><small>© 2004-2026 Beatport, LLC</small></div></div>${script}</body></html>`
  );
}

export function renderChartPage(options: ChartPageOptions): string {
  const rows =
    options.markupRows === false
      ? ''
      : options.tracks
          .map((track, index) => markupRow(track, index + 1 + (options.page - 1) * options.perPage))
          .join('');
  const body = `<h1>${escapeHtml(options.title)}</h1><div class="Table-style__Table-sc-daa17f0f-2 tracks-table">${rows}</div>`;
  const nextData = {
    props: {
      pageProps: {
        dehydratedState: { mutations: [], queries: chartQueries(options) },
        anonSession: {
          access_token: 'fake-anonymous-session',
          expires_in: 3600,
          token_type: 'Bearer',
          scope: 'app:prostore user:anon',
        },
        _nextI18Next: { initialLocale: 'en', ns: ['translation'] },
      },
      __N_SSP: true,
    },
    page: options.route,
    query: {},
    buildId: 'l9SM3rZEoP7PyWHVo7I2W',
    isFallback: false,
    gssp: true,
    locale: 'en',
    locales: ['en', 'de', 'fr', 'es', 'it', 'ja', 'pt', 'nl'],
    defaultLocale: 'en',
    scriptLoader: [],
  };
  return document(
    `Beatport | ${options.title}`,
    options.route,
    body,
    options.nextData === false ? undefined : nextData,
  );
}

/** Next.js's not-found page, as beatport.com serves it with a 404. */
export function renderNotFoundPage(route: string): string {
  return document('Beatport | Page Not Found', route, '<h1>404</h1><p>This page could not be found.</p>', {
    props: { pageProps: { statusCode: 404 } },
    page: '/404',
    query: {},
    buildId: 'l9SM3rZEoP7PyWHVo7I2W',
  });
}

export type ChallengeKind = 'cloudflare' | 'human-test';

/** What beatport.com answers instead of data since 2026: Cloudflare's interstitial, or Beatport's own proof-of-work page. */
export function renderChallengePage(kind: ChallengeKind = 'cloudflare'): string {
  if (kind === 'human-test') {
    return (
      `<!DOCTYPE html><html><head><title>Beatport</title></head><body>` +
      `<form method="post" action="/human-test/verify"><input type="hidden" name="proof"/></form>` +
      `<script>async function findProof(challenge, difficulty){ /* proof of work */ }findProof(window.__challenge, 4);</script>` +
      `</body></html>`
    );
  }
  return (
    `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>` +
    `<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper" role="main"><div class="main-content">` +
    `<h1 class="zone-name-title h1">www.beatport.com</h1><h2 class="h2">Verifying you are human. This may take a few seconds.</h2>` +
    `<div class="cf-turnstile" data-sitekey="0x4AAAAAAA"></div></div></div>` +
    `<script>(function(){window._cf_chl_opt={cvId: '3',cZone: 'www.beatport.com',cType: 'managed'};` +
    `var a=document.createElement('script');a.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8f0';document.getElementsByTagName('head')[0].appendChild(a);}());</script>` +
    `</body></html>`
  );
}
