// Metrics exported by track-search.
import { counter, histogram } from '@charts-vibe/shared';

export const searchMetrics = {
  tracksProcessed: () =>
    counter('charts_vibe_tracks_processed_total', 'Track outcomes counted towards a job, by outcome', ['outcome']),
  duplicates: () =>
    counter('charts_vibe_track_duplicates_total', 'track.requested deliveries that changed nothing (redelivered, or job closed)', ['kind']),
  matchScore: () =>
    histogram('charts_vibe_match_score', 'Score of the chosen or best candidate (0..1), by decision', ['decision'], [
      0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1,
    ]),
  searchDuration: () =>
    histogram('charts_vibe_search_duration_seconds', 'Provider search latency, by result', ['result'], [
      0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10,
    ]),
  searchErrors: () => counter('charts_vibe_search_errors_total', 'Failed provider searches, by reason', ['reason']),
  rateLimitWait: () =>
    histogram('charts_vibe_search_rate_limit_wait_seconds', 'Time a search waited for the concurrency and rate limits', [], [
      0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30,
    ]),
  batchSize: () =>
    histogram('charts_vibe_completion_batch_size', 'Outcomes committed per completion transaction', [], [1, 2, 4, 8, 16, 32, 64, 128]),
};
