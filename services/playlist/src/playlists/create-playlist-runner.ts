// Wires the playlist runner from the configuration: YouTube when credentials are set,
// files otherwise. The Nest module and the tests build it the same way.
import { DataSource } from 'typeorm';
import { ServiceConfig, youtubeCredentialsOf } from '../config';
import { Clock, systemClock } from '../quota/clock';
import { QuotaLedgerRepository } from '../quota/quota-ledger.repository';
import { YouTubeQuota } from '../quota/youtube-quota';
import { YouTubePlaylistClient } from '../youtube/youtube-playlist.client';
import { ChartReaderRepository } from './chart-reader.repository';
import { FilePlaylistWriter } from './file-playlist.writer';
import { PlaylistRunner } from './playlist-runner';
import { PlaylistRepository } from './playlist.repository';
import { YouTubePlaylistWriter } from './youtube-playlist.writer';

export function createPlaylistRunner(dataSource: DataSource, config: ServiceConfig, clock: Clock = systemClock): PlaylistRunner {
  const playlists = new PlaylistRepository(dataSource);
  const credentials = youtubeCredentialsOf(config);
  let youtube: YouTubePlaylistWriter | null = null;
  if (credentials) {
    const quota = new YouTubeQuota(
      new QuotaLedgerRepository(dataSource),
      clock,
      config.YOUTUBE_QUOTA_CREDENTIAL ?? credentials.clientId,
      config.YOUTUBE_DAILY_QUOTA_UNITS,
    );
    const client = new YouTubePlaylistClient(
      credentials,
      {
        rootUrl: config.YOUTUBE_API_ROOT_URL,
        tokenUrl: config.YOUTUBE_OAUTH_TOKEN_URL,
        timeoutMs: config.YOUTUBE_REQUEST_TIMEOUT_MS,
        maxAttempts: config.YOUTUBE_MAX_ATTEMPTS,
        retryInitialMs: config.YOUTUBE_RETRY_INITIAL_MS,
        retryMaxMs: config.YOUTUBE_RETRY_MAX_MS,
        authRetryAfterMs: config.YOUTUBE_AUTH_RETRY_AFTER_MS,
      },
      quota,
      clock,
    );
    youtube = new YouTubePlaylistWriter(client, playlists, config.YOUTUBE_MAX_ATTEMPTS);
  }
  return new PlaylistRunner({
    charts: new ChartReaderRepository(dataSource),
    playlists,
    youtube,
    files: new FilePlaylistWriter(config.PLAYLIST_OUTPUT_DIR, playlists),
    config,
    clock,
  });
}
