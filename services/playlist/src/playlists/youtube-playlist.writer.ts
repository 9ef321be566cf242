// Brings a YouTube playlist to a chart's order: finds or creates the playlist, reconciles
// with what YouTube really holds (playlistItems.list) before writing, then makes one call at
// a time — deletes, moves, inserts in chart order — recording each change as it lands, so
// a run stopped anywhere (crash, quota, outage) continues where it stopped without duplicates.
import { sleep } from '@charts-vibe/shared';
import { Logger } from '@nestjs/common';
import { PlaylistMode } from '../config';
import { DuplicateItemError, PlaylistItemNotFoundError, PlaylistNotFoundError, TransientYouTubeError, VideoUnavailableError, YouTubeUnavailableError } from '../youtube/youtube.errors';
import { RemotePlaylistItem, YouTubePlaylistClient } from '../youtube/youtube-playlist.client';
import { OrderedPlaylist, youtubePlaylistUrl } from './chart-playlist';
import { PlaylistRepository, PlaylistRow, SkippedVideo } from './playlist.repository';
import { applySyncStep, nextSyncStep, SyncStep } from './sync-plan';

export interface YouTubeWriteRequest {
  jobId: string;
  chartRef: string;
  mode: PlaylistMode;
  title: string;
  description: string;
  /** Text in the description that identifies the playlist if it was created but not recorded. */
  marker: string;
  privacy: string;
  playlist: OrderedPlaylist;
  /** Videos an earlier attempt already found unavailable: not tried again (each try costs 50 units). */
  alreadySkipped: SkippedVideo[];
  /** Keeps the Kafka consumer's session alive during a long run. */
  heartbeat?: () => Promise<void>;
}

/** Filled in as the run goes, so a run that stops early still reports what it did. */
export interface YouTubeWriteProgress {
  playlist?: PlaylistRow;
  youtubePlaylistId?: string;
  itemCount: number;
  skipped: SkippedVideo[];
  changes: { inserted: number; deleted: number; moved: number };
}

export class YouTubePlaylistWriter {
  private readonly logger = new Logger('YouTubePlaylistWriter');

  constructor(
    private readonly client: YouTubePlaylistClient,
    private readonly playlists: PlaylistRepository,
    private readonly maxAttempts: number,
  ) {}

  async write(request: YouTubeWriteRequest, progress: YouTubeWriteProgress): Promise<{ url: string }> {
    const { playlist, created } =
      request.mode === 'sync'
        ? await this.playlists.syncPlaylist(request.chartRef, 'youtube', request.title)
        : await this.playlists.jobPlaylist(request.jobId, request.chartRef, 'youtube', request.title);
    progress.playlist = playlist;
    if (request.mode === 'sync') await this.playlists.linkRun(request.jobId, playlist.id);

    const trackKeys = new Map(request.playlist.tracks.map((track) => [track.videoId, track.trackKey]));
    const record = (items: readonly RemotePlaylistItem[]) =>
      this.playlists.saveItems(
        playlist.id,
        items.map((item) => ({ videoId: item.videoId, trackKey: trackKeys.get(item.videoId) ?? null, youtubeItemId: item.itemId })),
      );

    const opened = await this.openPlaylist(request, playlist, created);
    const { youtubePlaylistId } = opened;
    let { items } = opened;
    progress.youtubePlaylistId = youtubePlaylistId;
    await record(items);

    const skippedBefore = new Set(request.alreadySkipped.map((skip) => skip.videoId));
    progress.skipped.push(...request.alreadySkipped);
    let desired = request.playlist.tracks.map((track) => track.videoId).filter((videoId) => !skippedBefore.has(videoId));
    let failures = 0;
    for (let step = nextSyncStep(items, desired); step; step = nextSyncStep(items, desired)) {
      await request.heartbeat?.();
      try {
        items = await this.apply(youtubePlaylistId, step, items);
        progress.changes[({ insert: 'inserted', delete: 'deleted', move: 'moved' } as const)[step.kind]]++;
        failures = 0;
        await record(items);
      } catch (error) {
        if (error instanceof VideoUnavailableError) {
          const track = request.playlist.tracks.find((t) => t.videoId === error.videoId)!;
          progress.skipped.push({ position: track.position, trackKey: track.trackKey, videoId: error.videoId, reason: error.reason });
          this.logger.warn(`job ${request.jobId}: skipped chart position ${track.position} (${error.message})`);
          desired = desired.filter((videoId) => videoId !== error.videoId);
          continue;
        }
        if (!(error instanceof TransientYouTubeError || error instanceof DuplicateItemError || error instanceof PlaylistItemNotFoundError)) throw error;
        // The call may or may not have landed (a timeout after YouTube applied it, a 409, an
        // item already gone): never repeat it blindly, look at the playlist again.
        failures++;
        if (failures >= this.maxAttempts) throw new YouTubeUnavailableError(`${step.kind} failed ${failures} times: ${error.message}`);
        if (error instanceof TransientYouTubeError) await sleep(this.client.backoff(failures));
        items = await this.client.listItems(youtubePlaylistId);
        await record(items);
      }
    }
    progress.itemCount = items.length;
    return { url: youtubePlaylistUrl(youtubePlaylistId) };
  }

  /** The playlist on YouTube and what it holds now; created when it does not exist (any more). */
  private async openPlaylist(
    request: YouTubeWriteRequest,
    playlist: PlaylistRow,
    createdNow: boolean,
  ): Promise<{ youtubePlaylistId: string; items: RemotePlaylistItem[] }> {
    if (playlist.youtubePlaylistId) {
      try {
        return { youtubePlaylistId: playlist.youtubePlaylistId, items: await this.client.listItems(playlist.youtubePlaylistId) };
      } catch (error) {
        if (!(error instanceof PlaylistNotFoundError)) throw error;
        this.logger.warn(`playlist ${playlist.youtubePlaylistId} of ${request.chartRef} is gone from YouTube; making a new one`);
        await this.playlists.setYouTubePlaylistId(playlist.id, null);
        return this.createPlaylist(request, playlist);
      }
    }
    // Recorded but without a YouTube id: an earlier attempt may have created it and stopped
    // before recording the id. Look for it before creating a second one.
    const found = createdNow ? null : await this.client.findPlaylistByMarker(request.marker);
    if (found) {
      await this.playlists.setYouTubePlaylistId(playlist.id, found);
      return { youtubePlaylistId: found, items: await this.client.listItems(found) };
    }
    return this.createPlaylist(request, playlist);
  }

  private async createPlaylist(request: YouTubeWriteRequest, playlist: PlaylistRow): Promise<{ youtubePlaylistId: string; items: RemotePlaylistItem[] }> {
    const youtubePlaylistId = await this.client.createPlaylist({ title: request.title, description: request.description, privacy: request.privacy });
    await this.playlists.setYouTubePlaylistId(playlist.id, youtubePlaylistId);
    this.logger.log(`created YouTube playlist ${youtubePlaylistId} "${request.title}" for ${request.chartRef}`);
    return { youtubePlaylistId, items: [] };
  }

  private async apply(youtubePlaylistId: string, step: SyncStep, items: RemotePlaylistItem[]): Promise<RemotePlaylistItem[]> {
    switch (step.kind) {
      case 'delete':
        await this.client.deleteItem(step.item.itemId);
        return applySyncStep(items, step);
      case 'move':
        await this.client.moveItem(youtubePlaylistId, step.item, step.position);
        return applySyncStep(items, step);
      case 'insert': {
        const created = await this.client.insertItem(youtubePlaylistId, step.videoId, step.atEnd ? undefined : step.position);
        return applySyncStep(items, step, created.itemId);
      }
    }
  }
}
