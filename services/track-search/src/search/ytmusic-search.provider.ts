// TrackSearchProvider on YouTube Music: searches songs (the labels' uploads) first and
// videos only when no song is accepted, scores every result with the matcher, and returns
// the decision with its explanation. Retries belong to the caller: a TransientSearchError
// is thrown as soon as YouTube Music fails.
import type { SearchableTrack } from '@charts-vibe/shared';
import { counter } from '@charts-vibe/shared';
import { Candidate, CandidateScore, matchTrack, MatchResult, MatchThresholds, stripArtistDisambiguation } from './matcher';
import { SearchConfig, thresholdsOf } from './search.config';
import { SearchDecision, TrackSearchProvider } from './track-search-provider';
import { toCandidates } from './ytmusic-results';
import { YtMusicSession } from './ytmusic-session';

export type YtMusicProviderConfig = Pick<
  SearchConfig,
  | 'YTMUSIC_BASE_URL'
  | 'YTMUSIC_COOKIES'
  | 'YTMUSIC_GL'
  | 'YTMUSIC_TIMEOUT_MS'
  | 'YTMUSIC_SESSION_TTL_MS'
  | 'MATCH_ACCEPT_THRESHOLD'
  | 'MATCH_REVIEW_THRESHOLD'
  | 'MATCH_MIN_MARGIN'
>;

const decisions = () =>
  counter('charts_vibe_match_decisions_total', 'Matcher decisions, by outcome and the result kind searched last', ['outcome', 'searched']);

/** Title (without featured artists), mix name unless it is the original, and up to three main artists. */
export function buildSearchQuery(track: Pick<SearchableTrack, 'title' | 'mixName' | 'artists'>): string {
  const title = track.title.replace(/\s*[([](?:feat|ft|featuring)\b\.?[^)\]]*[)\]]/gi, '').trim();
  const mix = track.mixName?.trim() && !/^original( mix)?$/i.test(track.mixName.trim()) ? track.mixName.trim() : '';
  const artists = track.artists.slice(0, 3).map(stripArtistDisambiguation);
  return [title, mix, ...artists].filter(Boolean).join(' ').replace(/\s+/g, ' ');
}

function explain(candidate: CandidateScore | null): Record<string, unknown> | null {
  if (!candidate) return null;
  return {
    videoId: candidate.videoId,
    name: candidate.name,
    artist: candidate.artist,
    kind: candidate.kind,
    durationSeconds: candidate.durationSeconds,
    score: candidate.score,
    parts: candidate.parts,
    version: candidate.version.candidate,
    verdict: candidate.version.verdict,
    ...(candidate.rejected ? { rejected: candidate.rejected } : {}),
    ...(candidate.concerns.length ? { concerns: candidate.concerns } : {}),
  };
}

export function toSearchDecision(result: MatchResult, context: Record<string, unknown>): SearchDecision {
  const rejected = result.ranked
    .filter((candidate) => candidate.rejected)
    .slice(0, 5)
    .map((candidate) => ({ videoId: candidate.videoId, name: candidate.name, reason: candidate.rejected }));
  return {
    outcome: result.outcome,
    videoId: result.outcome === 'not_found' ? null : (result.best?.videoId ?? null),
    score: result.best?.score ?? null,
    details: {
      ...context,
      reason: result.reason,
      winner: explain(result.best),
      runnerUp: explain(result.runnerUp),
      ...(rejected.length ? { rejected } : {}),
    },
  };
}

export class YtMusicSearchProvider implements TrackSearchProvider {
  private readonly thresholds: MatchThresholds;

  constructor(
    config: YtMusicProviderConfig,
    private readonly session: YtMusicSession = new YtMusicSession({
      baseUrl: config.YTMUSIC_BASE_URL,
      timeoutMs: config.YTMUSIC_TIMEOUT_MS,
      sessionTtlMs: config.YTMUSIC_SESSION_TTL_MS,
      cookies: config.YTMUSIC_COOKIES,
      gl: config.YTMUSIC_GL,
    }),
  ) {
    this.thresholds = thresholdsOf(config);
  }

  async search(track: SearchableTrack): Promise<SearchDecision> {
    const query = buildSearchQuery(track);
    const songs = await this.session.searchSongs(query);
    const songResults = toCandidates('song', songs.results, songs.raw, query);
    let candidates: Candidate[] = songResults.candidates;
    let result = matchTrack(track, candidates, this.thresholds);
    const searched = ['songs'];
    let dropped = songResults.dropped;
    let videoCount = 0;

    if (result.outcome !== 'matched') {
      const videos = await this.session.searchVideos(query);
      const videoResults = toCandidates('video', videos.results, videos.raw, query);
      searched.push('videos');
      dropped += videoResults.dropped;
      videoCount = videoResults.candidates.length;
      candidates = [...candidates, ...videoResults.candidates];
      result = matchTrack(track, candidates, this.thresholds);
    }

    decisions().inc({ outcome: result.outcome, searched: searched.at(-1)! });
    return toSearchDecision(result, {
      query,
      searched,
      results: { songs: songResults.candidates.length, videos: videoCount, dropped },
    });
  }
}
