// The recorded Beatport data the fake serves: a real API v4 Top 100 (Psy-Trance, genre 13).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** A Beatport track object, as the API v4 and a page's `__NEXT_DATA__` carry it (only what the fake touches is typed). */
export interface BeatportTrackJson {
  id: number;
  name: string;
  mix_name?: string | null;
  artists?: { id?: number; name: string; [field: string]: unknown }[];
  [field: string]: unknown;
}

/** The page shape of every Beatport list: API v4 responses and `__NEXT_DATA__` queries alike. */
export interface BeatportPageJson {
  next: string | null;
  previous: string | null;
  count: number;
  page: string | number;
  per_page: number;
  results: BeatportTrackJson[];
}

// The same relative path from src/beatport (ts-jest) and dist/beatport (compiled, `npm start -- --offline`).
export const BEATPORT_FIXTURES_DIR = resolve(__dirname, '../../../../tests/fixtures/beatport');

let psyTranceTop100: BeatportPageJson | undefined;

/** The real `GET /v4/catalog/genres/13/top/100/` response (tests/fixtures/beatport/PROVENANCE.md). A fresh copy each call. */
export function loadPsyTranceTop100(): BeatportPageJson {
  psyTranceTop100 ??= JSON.parse(
    readFileSync(resolve(BEATPORT_FIXTURES_DIR, 'api-v4-genre13-top100.json'), 'utf8'),
  ) as BeatportPageJson;
  return structuredClone(psyTranceTop100);
}
