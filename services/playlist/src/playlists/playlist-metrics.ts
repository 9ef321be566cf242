// The playlist service's own metrics (quota metrics live with the quota ledger).
import { counter } from '@charts-vibe/shared';

export const playlistMetrics = {
  /** kind: a YouTube call (`playlistItems.insert`…), `oauth.token` or `file.write`; result: ok or what went wrong. */
  operations: () =>
    counter('charts_vibe_playlist_operations_total', 'Playlist operations (YouTube calls, token refreshes, file writes), by kind and result', [
      'kind',
      'result',
    ]),
  /** result: done, deferred, failed or superseded. */
  runs: () => counter('charts_vibe_playlist_runs_total', 'Playlist runs (one per job and attempt), by mode and outcome', ['mode', 'result']),
};
