// A TrackSearchProvider that answers from recorded decisions (a JSON file or an object):
// for tests, benchmarks and demos without YouTube Music. Unlisted tracks get `fallback`.
import { SearchableTrack, trackKeyOf } from '@charts-vibe/shared';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SearchDecision, TrackSearchProvider, TransientSearchError } from '../search/track-search-provider';

const answerSchema = z.union([
  z.object({
    outcome: z.enum(['matched', 'not_found', 'needs_review']),
    videoId: z.string().min(1).nullable().optional(),
    score: z.number().min(0).max(1).nullable().optional(),
  }),
  // A provider that keeps failing: `failures` transient errors (default: every time), then the outcome.
  z.object({
    error: z.literal('transient'),
    failures: z.number().int().positive().optional(),
    then: z.enum(['matched', 'not_found']).optional(),
  }),
]);

export const searchFixtureSchema = z.object({
  /** Delay of every search, to stand in for the network. */
  delayMs: z.number().int().nonnegative().default(0),
  /** For tracks not listed: matched with a video id derived from the track key, or not found. */
  fallback: z.enum(['matched', 'not_found']).default('matched'),
  tracks: z.record(z.string(), answerSchema).default({}),
});
export type SearchFixture = z.input<typeof searchFixtureSchema>;

export function videoIdFor(trackKey: string): string {
  return `v_${trackKey.replace(/\D/g, '')}`;
}

export class FixtureSearchProvider implements TrackSearchProvider {
  private readonly fixture: z.infer<typeof searchFixtureSchema>;
  private readonly failuresSoFar = new Map<string, number>();
  readonly calls: string[] = [];

  constructor(fixture: SearchFixture) {
    this.fixture = searchFixtureSchema.parse(fixture);
  }

  static fromFile(path: string): FixtureSearchProvider {
    return new FixtureSearchProvider(JSON.parse(readFileSync(path, 'utf8')));
  }

  async search(track: SearchableTrack): Promise<SearchDecision> {
    const trackKey = trackKeyOf(track.beatportId);
    this.calls.push(trackKey);
    if (this.fixture.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.fixture.delayMs));
    const answer = this.fixture.tracks[trackKey];
    if (answer && 'error' in answer) {
      const failed = this.failuresSoFar.get(trackKey) ?? 0;
      if (answer.failures === undefined || failed < answer.failures) {
        this.failuresSoFar.set(trackKey, failed + 1);
        throw new TransientSearchError(`recorded transient failure ${failed + 1} for ${trackKey}`);
      }
      return this.decide(trackKey, answer.then ?? this.fixture.fallback);
    }
    if (answer) {
      return {
        outcome: answer.outcome,
        videoId: answer.outcome === 'not_found' ? null : (answer.videoId ?? videoIdFor(trackKey)),
        score: answer.score ?? (answer.outcome === 'not_found' ? null : 0.9),
        details: { source: 'fixture' },
      };
    }
    return this.decide(trackKey, this.fixture.fallback);
  }

  private decide(trackKey: string, outcome: 'matched' | 'not_found'): SearchDecision {
    return outcome === 'matched'
      ? { outcome, videoId: videoIdFor(trackKey), score: 0.95, details: { source: 'fixture' } }
      : { outcome, videoId: null, score: null, details: { source: 'fixture' } };
  }
}
