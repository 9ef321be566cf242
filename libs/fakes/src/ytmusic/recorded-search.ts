// Recorded innertube search exchanges (NewPipe's MockDownloader format, see
// tests/fixtures/ytmusic/PROVENANCE.md): what was asked and the raw JSON answer.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeSearchFilter, SearchFilter } from './search-params';

export interface RecordedSearch {
  /** File it came from, for messages. */
  source: string;
  query: string;
  params: string | null;
  filter: SearchFilter;
  status: number;
  /** `JSON.parse(response.responseBody)`: the innertube answer as YouTube Music sent it. */
  body: Record<string, unknown>;
}

interface MockDownloaderFile {
  request: { dataToSend?: number[] | null };
  response: { responseCode: number; responseBody: string };
}

/** The repository's recorded responses; libs/fakes/{src,dist}/ytmusic → the repository root is four levels up. */
export const RECORDINGS_DIR = resolve(__dirname, '../../../../tests/fixtures/ytmusic');

export function loadRecordedSearch(file: string): RecordedSearch {
  const recording = JSON.parse(readFileSync(file, 'utf8')) as MockDownloaderFile;
  const request = JSON.parse(Buffer.from(recording.request.dataToSend ?? []).toString('utf8') || '{}') as {
    query?: string;
    params?: string;
  };
  if (typeof request.query !== 'string') throw new Error(`${file}: the recorded request has no query`);
  return {
    source: file,
    query: request.query,
    params: request.params ?? null,
    filter: decodeSearchFilter(request.params),
    status: recording.response.responseCode,
    body: JSON.parse(recording.response.responseBody) as Record<string, unknown>,
  };
}

export function loadRecordedSearches(dir: string = RECORDINGS_DIR): RecordedSearch[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => loadRecordedSearch(join(dir, name)));
}
