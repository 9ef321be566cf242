// Without YouTube credentials the playlist goes to a folder: a JSON document (chart,
// positions, tracks, video ids, match scores, what was left out) and an M3U of YouTube Music
// links. Files are replaced atomically, so a reader never sees half a playlist.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PlaylistMode } from '../config';
import { OrderedPlaylist, toM3u, youtubeMusicUrl } from './chart-playlist';
import { CompletedJob } from './chart-reader.repository';
import { playlistMetrics } from './playlist-metrics';
import { PlaylistRepository } from './playlist.repository';

export interface FileWriteRequest {
  job: CompletedJob;
  mode: PlaylistMode;
  title: string;
  playlist: OrderedPlaylist;
}

/** A name safe in any file system: `beatport:top-100:2026-12-04` → `beatport-top-100-2026-12-04`. */
export function fileNameOf(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'playlist';
}

export class FilePlaylistWriter {
  constructor(
    private readonly directory: string,
    private readonly playlists: PlaylistRepository,
  ) {}

  async write(request: FileWriteRequest): Promise<{ playlistId: string; json: string; m3u: string }> {
    const { job, playlist, title } = request;
    // A synced chart keeps one file that follows the chart; create mode keeps one per scrape.
    const base = join(resolve(this.directory), fileNameOf(request.mode === 'sync' ? job.chartRef : job.chartId));
    const document = {
      title,
      chart: { id: job.chartId, ref: job.chartRef, name: job.chartName, sourceUrl: job.sourceUrl, scrapedAt: job.scrapedAt.toISOString() },
      job: { id: job.jobId, status: job.status, counts: job.counts },
      tracks: playlist.tracks.map((track) => ({
        position: track.position,
        trackKey: track.trackKey,
        title: track.title,
        mixName: track.mixName,
        artists: track.artists,
        remixers: track.remixers,
        lengthMs: track.lengthMs,
        videoId: track.videoId,
        matchScore: track.matchScore,
        url: youtubeMusicUrl(track.videoId),
      })),
      unmatched: playlist.unmatched,
      duplicates: playlist.duplicates,
    };
    await mkdir(resolve(this.directory), { recursive: true });
    const json = `${base}.json`;
    const m3u = `${base}.m3u`;
    await replaceFile(json, `${JSON.stringify(document, null, 2)}\n`);
    await replaceFile(m3u, toM3u(title, playlist.tracks));
    playlistMetrics.operations().inc({ kind: 'file.write', result: 'ok' });

    const { playlist: row } =
      request.mode === 'sync'
        ? await this.playlists.syncPlaylist(job.chartRef, 'file', title)
        : await this.playlists.jobPlaylist(job.jobId, job.chartRef, 'file', title);
    if (request.mode === 'sync') await this.playlists.linkRun(job.jobId, row.id);
    await this.playlists.saveItems(
      row.id,
      playlist.tracks.map((track) => ({ videoId: track.videoId, trackKey: track.trackKey, youtubeItemId: null })),
    );
    return { playlistId: row.id, json, m3u };
  }
}

async function replaceFile(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, path);
}
