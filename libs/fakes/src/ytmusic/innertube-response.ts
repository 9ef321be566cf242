// Builds innertube search answers for any result list on the structure of a recorded
// answer: the recorded envelope (tabs, section list, shelf) and a recorded item cloned
// for each result, with its ids, title, artist line, album and duration rewritten. So
// the real ytmusic-api parses a built answer exactly as it parses YouTube Music's.
import { SearchFilter } from './search-params';

export interface ResultArtist {
  name: string;
  /** Null: a plain text run without a link, as YouTube Music writes some artists (ytmusic-api then misreads them). */
  browseId: string | null;
  pageType?: 'MUSIC_PAGE_TYPE_ARTIST' | 'MUSIC_PAGE_TYPE_USER_CHANNEL';
}

export interface ResultItem {
  kind: 'song' | 'video';
  videoId: string;
  title: string;
  artists: ResultArtist[];
  album: { name: string; browseId: string } | null;
  durationSeconds: number | null;
  /** "333k plays" for a song, "1.2m views" for a video. */
  popularity: string;
}

type Json = Record<string, unknown>;

const SEPARATOR = { text: ' • ' };

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Every `musicResponsiveListItemRenderer` in a recorded answer, in order. */
export function listItems(body: unknown): Json[] {
  const found: Json[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'musicResponsiveListItemRenderer') found.push(value as Json);
        else walk(value);
      }
    }
  };
  walk(body);
  return found;
}

function sectionContents(body: Json): Json[] {
  const contents = (body as { contents?: { tabbedSearchResultsRenderer?: { tabs?: Json[] } } }).contents;
  const tab = contents?.tabbedSearchResultsRenderer?.tabs?.[0] as
    | { tabRenderer?: { content?: { sectionListRenderer?: { contents?: Json[] } } } }
    | undefined;
  const sections = tab?.tabRenderer?.content?.sectionListRenderer?.contents;
  if (!sections) throw new Error('the template is not an innertube search answer');
  return sections;
}

function formatDuration(totalSeconds: number): string {
  const seconds = Math.round(totalSeconds);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

function spokenDuration(totalSeconds: number): string {
  const seconds = Math.round(totalSeconds);
  const minutes = Math.floor(seconds / 60);
  return `${minutes} minutes, ${seconds % 60} seconds`;
}

function templateVideoId(item: Json): string {
  const id = (item.playlistItemData as { videoId?: string } | undefined)?.videoId;
  if (!id) throw new Error('the template item has no playlistItemData.videoId');
  return id;
}

function columnRuns(item: Json, index: number): Json[] {
  const columns = item.flexColumns as { musicResponsiveListItemFlexColumnRenderer: { text: { runs: Json[]; accessibility?: unknown } } }[];
  return columns[index]!.musicResponsiveListItemFlexColumnRenderer.text.runs;
}

function setColumn(item: Json, index: number, runs: Json[], label?: string): void {
  const columns = item.flexColumns as { musicResponsiveListItemFlexColumnRenderer: { text: Json } }[];
  const text = columns[index]!.musicResponsiveListItemFlexColumnRenderer.text;
  text.runs = runs;
  if (label !== undefined) text.accessibility = { accessibilityData: { label } };
}

function artistRuns(template: Json, artists: ResultArtist[]): Json[] {
  const runs: Json[] = [];
  artists.forEach((artist, index) => {
    if (index > 0) runs.push({ text: index === artists.length - 1 ? ' & ' : ', ' });
    if (!artist.browseId) {
      runs.push({ text: artist.name });
      return;
    }
    const run = clone(template);
    run.text = artist.name;
    const endpoint = (run.navigationEndpoint as { browseEndpoint: Json }).browseEndpoint;
    endpoint.browseId = artist.browseId;
    endpoint.browseEndpointContextSupportedConfigs = {
      browseEndpointContextMusicConfig: { pageType: artist.pageType ?? 'MUSIC_PAGE_TYPE_ARTIST' },
    };
    runs.push(run);
  });
  return runs;
}

/** One result built on a recorded item of the same kind (a song item for songs, a video item for videos). */
export function buildItem(templateItem: Json, result: ResultItem): Json {
  const oldId = templateVideoId(templateItem);
  const musicVideoType = result.kind === 'song' ? 'MUSIC_VIDEO_TYPE_ATV' : 'MUSIC_VIDEO_TYPE_OMV';
  const item = JSON.parse(
    JSON.stringify(templateItem)
      .split(oldId)
      .join(result.videoId)
      .replace(/"MUSIC_VIDEO_TYPE_[A-Z_]+"/g, `"${musicVideoType}"`),
  ) as Json;

  const [titleRun] = columnRuns(item, 0);
  setColumn(item, 0, [{ ...titleRun, text: result.title }]);

  const detailRuns = columnRuns(templateItem, 1);
  const linkedTemplate = detailRuns.find((run) => (run.navigationEndpoint as Json | undefined)?.browseEndpoint);
  if (!linkedTemplate) throw new Error('the template item has no linked artist run');
  const runs = artistRuns(linkedTemplate, result.artists);
  const spoken = [result.artists.map((artist) => artist.name).join(', ')];
  if (result.kind === 'song' && result.album) {
    const album = clone(linkedTemplate);
    album.text = result.album.name;
    (album.navigationEndpoint as { browseEndpoint: Json }).browseEndpoint = {
      browseId: result.album.browseId,
      browseEndpointContextSupportedConfigs: { browseEndpointContextMusicConfig: { pageType: 'MUSIC_PAGE_TYPE_ALBUM' } },
    };
    runs.push(SEPARATOR, album);
    spoken.push(result.album.name);
  }
  if (result.kind === 'video') {
    runs.push(SEPARATOR, { text: result.popularity });
    spoken.push(result.popularity);
  }
  if (result.durationSeconds !== null) {
    runs.push(SEPARATOR, { text: formatDuration(result.durationSeconds) });
    spoken.push(spokenDuration(result.durationSeconds));
  }
  setColumn(item, 1, runs, spoken.join(' • '));
  if (result.kind === 'song' && (item.flexColumns as unknown[]).length > 2) {
    setColumn(item, 2, [{ text: result.popularity }], result.popularity);
  }
  const play = `${result.title} - ${result.artists[0]?.name ?? ''}`;
  const button = (item.overlay as { musicItemThumbnailOverlayRenderer?: { content?: { musicPlayButtonRenderer?: Json } } })
    .musicItemThumbnailOverlayRenderer?.content?.musicPlayButtonRenderer;
  if (button) {
    button.accessibilityPlayData = { accessibilityData: { label: `Play ${play}` } };
    button.accessibilityPauseData = { accessibilityData: { label: `Pause ${play}` } };
  }
  delete item.badges;
  return item;
}

/**
 * A whole search answer on a recorded one's envelope: its results shelf holds `results`
 * (built on the recorded shelf's first item); a "did you mean" section is dropped. With
 * no results, the shelf gives way to the "No results found" message YouTube Music sends.
 */
export function buildSearchResponse(template: Json, results: ResultItem[], filter: SearchFilter): Json {
  const body = clone(template);
  const sections = sectionContents(body);
  const shelfIndex = sections.findIndex((section) => 'musicShelfRenderer' in section);
  if (shelfIndex < 0) throw new Error('the template has no results shelf');
  const shelf = sections[shelfIndex]!.musicShelfRenderer as Json;
  const templateItem = listItems(shelf)[0];
  if (!templateItem) throw new Error('the template shelf has no item');

  const kept = sections.filter(
    (section) => !JSON.stringify(section).includes('showingResultsForRenderer') && !('musicShelfRenderer' in section),
  );
  if (results.length) {
    shelf.contents = results.map((result) => ({ musicResponsiveListItemRenderer: buildItem(templateItem, result) }));
    shelf.title = { runs: [{ text: filter === 'videos' ? 'Videos' : 'Songs' }] };
    delete shelf.continuations;
    kept.push({ musicShelfRenderer: shelf });
  } else {
    kept.push({
      itemSectionRenderer: {
        contents: [{ messageRenderer: { text: { runs: [{ text: 'No results found' }] }, subtext: { messageSubtextRenderer: { text: { runs: [{ text: 'Try different keywords or remove search filters' }] } } } } }],
      },
    });
  }
  sections.splice(0, sections.length, ...kept);
  return body;
}

/**
 * The same answer after a front-end change: every result still there, but the fields
 * ytmusic-api reads moved (it then returns results with empty names and ids).
 */
export function withChangedLayout(body: Json): Json {
  return JSON.parse(
    JSON.stringify(body)
      .replace(/"flexColumns":/g, '"flexColumnsV2":')
      .replace(/"playlistItemData":/g, '"playlistItemDataV2":')
      .replace(/"playNavigationEndpoint":/g, '"playCommand":'),
  ) as Json;
}
