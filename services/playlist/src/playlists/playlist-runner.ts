// Decides what a completed job does to its chart's playlist, once: a run per job
// (playlist_runs) that is done, parked until the quota or the credentials come back
// (deferred, resumed by the scheduler), or failed after its last attempt. Runs of one chart
// never overlap (a lock per chart), so a redelivery, a resume and another replica cannot
// write the same playlist at the same time.
import { isInfrastructureError, JobCompleted, PermanentError, RetryLaterError, SpanAttributes, withSpan } from '@charts-vibe/shared';
import { Logger } from '@nestjs/common';
import { PlaylistMode, playlistModeFor, ServiceConfig } from '../config';
import { Clock } from '../quota/clock';
import { QuotaExhaustedError } from '../quota/youtube-quota';
import { TransientYouTubeError, YouTubeAuthError, YouTubeUnavailableError } from '../youtube/youtube.errors';
import { orderedPlaylist, renderTitle } from './chart-playlist';
import { ChartReaderRepository, CompletedJob } from './chart-reader.repository';
import { FilePlaylistWriter } from './file-playlist.writer';
import { playlistMetrics } from './playlist-metrics';
import { PlaylistRepository, RunOutput } from './playlist.repository';
import { YouTubePlaylistWriter, YouTubeWriteProgress } from './youtube-playlist.writer';

export interface PlaylistRunnerDeps {
  charts: ChartReaderRepository;
  playlists: PlaylistRepository;
  /** Null without YouTube credentials: playlists are then written to files. */
  youtube: YouTubePlaylistWriter | null;
  files: FilePlaylistWriter;
  config: ServiceConfig;
  clock: Clock;
}

type Trigger = 'message' | 'schedule';

/** How long a redelivered message waits while another run holds the chart. */
const CHART_BUSY_RETRY_MS = 5_000;
/** A resumed run that hit an outage tries again this much later. */
const RESUME_RETRY_MS = 10 * 60_000;

export class PlaylistRunner {
  private readonly logger = new Logger('PlaylistRunner');

  constructor(private readonly deps: PlaylistRunnerDeps) {}

  /** A `job.completed` arrived (maybe again): make or bring up to date the chart's playlist. */
  async onJobCompleted(payload: JobCompleted['payload'], heartbeat?: () => Promise<void>): Promise<void> {
    const job = await this.deps.charts.job(payload.jobId);
    if (!job) throw new PermanentError(`job ${payload.jobId} does not exist`);
    await this.deps.playlists.ensureRun(job.jobId);
    const outcome = await this.execute(job, 'message', heartbeat);
    if (outcome === 'busy') throw new RetryLaterError(`another run is writing the playlist of ${job.chartRef}`, CHART_BUSY_RETRY_MS);
  }

  /** The scheduler's tick: resumes deferred runs whose time has come and runs a dead process left behind. */
  async resumeDue(): Promise<number> {
    let resumed = 0;
    for (const jobId of await this.deps.playlists.runsToResume(this.deps.clock.now())) {
      const job = await this.deps.charts.job(jobId);
      if (!job) continue;
      if ((await this.execute(job, 'schedule')) === 'ran') resumed++;
    }
    return resumed;
  }

  /** The message's last attempt failed: the run is failed (the message goes to the DLQ). */
  async markFailed(jobId: string, reason: string): Promise<void> {
    const run = await this.deps.playlists.run(jobId);
    if (!run || run.status === 'done') return;
    await this.deps.playlists.finish(jobId, 'failed', reason, null);
    const job = await this.deps.charts.job(jobId);
    playlistMetrics.runs().inc({ mode: job ? playlistModeFor(this.deps.config, job.chartRef) : 'unknown', result: 'failed' });
  }

  private async execute(job: CompletedJob, trigger: Trigger, heartbeat?: () => Promise<void>): Promise<'ran' | 'skipped' | 'busy'> {
    const unlock = await this.deps.playlists.tryLockChart(job.chartRef);
    if (!unlock) return 'busy';
    try {
      // Read under the lock: whoever held it before may have just finished this very run.
      const run = await this.deps.playlists.run(job.jobId);
      if (!run || run.status === 'done') return 'skipped';
      if (run.status === 'failed' && trigger === 'schedule') return 'skipped';
      if (run.status === 'deferred' && run.resumeAfter && run.resumeAfter > this.deps.clock.now()) return 'skipped';
      const attributes = {
        [SpanAttributes.jobId]: job.jobId,
        [SpanAttributes.chartId]: job.chartId,
        [SpanAttributes.playlistMode]: playlistModeFor(this.deps.config, job.chartRef),
      };
      await withSpan('sync playlist', attributes, () => this.runJob(job, run.output, trigger, heartbeat));
      return 'ran';
    } finally {
      await unlock();
    }
  }

  private async runJob(job: CompletedJob, previous: RunOutput | null, trigger: Trigger, heartbeat?: () => Promise<void>): Promise<void> {
    const { config } = this.deps;
    const mode = playlistModeFor(config, job.chartRef);
    const target = this.deps.youtube ? 'youtube' : 'file';
    const playlist = orderedPlaylist(await this.deps.charts.entries(job.chartId));
    const date = job.scrapedAt.toISOString().slice(0, 10);
    const title = renderTitle(mode === 'sync' ? config.PLAYLIST_SYNC_TITLE_TEMPLATE : config.PLAYLIST_TITLE_TEMPLATE, {
      chart: job.chartName,
      date,
      ref: job.chartRef,
    });
    const output: RunOutput = { mode, target, title, skipped: [], duplicates: playlist.duplicates, unmatched: playlist.unmatched };

    if (mode === 'sync') {
      // The synced playlist follows the latest chart: an older job arriving (or resuming) late must not roll it back.
      const newer = await this.deps.charts.newerJob(job);
      if (newer) {
        await this.deps.playlists.finish(job.jobId, 'done', `superseded by job ${newer}`, { ...output, supersededBy: newer });
        playlistMetrics.runs().inc({ mode, result: 'superseded' });
        this.logger.log(`job ${job.jobId}: ${job.chartRef} has a newer chart (job ${newer}); nothing to do`);
        return;
      }
    }
    await this.deps.playlists.markRunning(job.jobId);

    if (!this.deps.youtube) {
      const files = await this.deps.files.write({ job, mode, title, playlist });
      await this.deps.playlists.finish(job.jobId, 'done', null, {
        ...output,
        playlistId: files.playlistId,
        files: { json: files.json, m3u: files.m3u },
        itemCount: playlist.tracks.length,
      });
      playlistMetrics.runs().inc({ mode, result: 'done' });
      this.logger.log(`job ${job.jobId}: no YouTube credentials; wrote ${playlist.tracks.length} tracks to ${files.m3u}`);
      return;
    }

    const progress: YouTubeWriteProgress = { itemCount: 0, skipped: [], changes: { inserted: 0, deleted: 0, moved: 0 } };
    const withProgress = (): RunOutput => ({
      ...output,
      playlistId: progress.playlist?.id,
      youtubePlaylistId: progress.youtubePlaylistId,
      skipped: progress.skipped,
      changes: progress.changes,
    });
    try {
      const { url } = await this.deps.youtube.write(
        {
          jobId: job.jobId,
          chartRef: job.chartRef,
          mode,
          title,
          description: this.description(job, mode, date),
          marker: marker(job, mode),
          privacy: config.PLAYLIST_PRIVACY,
          playlist,
          alreadySkipped: previous?.skipped ?? [],
          heartbeat,
        },
        progress,
      );
      await this.deps.playlists.finish(job.jobId, 'done', null, { ...withProgress(), url, itemCount: progress.itemCount });
      playlistMetrics.runs().inc({ mode, result: 'done' });
      const { inserted, deleted, moved } = progress.changes;
      this.logger.log(`job ${job.jobId}: ${url} holds ${progress.itemCount} videos (inserted ${inserted}, deleted ${deleted}, moved ${moved})`);
    } catch (error) {
      await this.stopped(job, mode, trigger, error as Error, withProgress());
    }
  }

  /** Parks, fails or hands back a run that stopped before the end. */
  private async stopped(job: CompletedJob, mode: PlaylistMode, trigger: Trigger, error: Error, output: RunOutput): Promise<void> {
    const { playlists } = this.deps;
    if (error instanceof QuotaExhaustedError || error instanceof YouTubeAuthError) {
      const resumeAfter = error instanceof QuotaExhaustedError ? error.resumeAfter : error.retryAfter;
      const reason = error instanceof QuotaExhaustedError ? `quota: ${error.message}` : `configuration: ${error.message}`;
      await playlists.defer(job.jobId, reason, resumeAfter, output);
      playlistMetrics.runs().inc({ mode, result: 'deferred' });
      // An auth error was logged once where it happened; a quota stop is news for every run.
      if (error instanceof QuotaExhaustedError) this.logger.warn(`job ${job.jobId}: deferred until ${resumeAfter.toISOString()} (${error.message})`);
      return;
    }
    if (trigger === 'message') {
      // The consumer wrapper retries the message, then dead-letters it (and marks the run failed).
      await playlists.noteProblem(job.jobId, error.message, output).catch(() => undefined);
      throw error;
    }
    const transient = error instanceof YouTubeUnavailableError || error instanceof TransientYouTubeError || isInfrastructureError(error);
    if (transient) {
      const resumeAfter = new Date(this.deps.clock.now().getTime() + RESUME_RETRY_MS);
      await playlists.defer(job.jobId, `outage: ${error.message}`, resumeAfter, output);
      playlistMetrics.runs().inc({ mode, result: 'deferred' });
      this.logger.warn(`job ${job.jobId}: resuming failed (${error.message}); trying again at ${resumeAfter.toISOString()}`);
      return;
    }
    await playlists.finish(job.jobId, 'failed', error.message, output);
    playlistMetrics.runs().inc({ mode, result: 'failed' });
    this.logger.error(`job ${job.jobId}: playlist run failed: ${error.message}`);
  }

  private description(job: CompletedJob, mode: PlaylistMode, date: string): string {
    const what = mode === 'sync' ? `${job.chartName}, kept in chart order` : `${job.chartName} of ${date}, in chart order`;
    return `${what}. Source: ${job.sourceUrl}\nMade by charts-vibe ${marker(job, mode)}`;
  }
}

/** Identifies our playlist on YouTube even when its id was never recorded. */
function marker(job: CompletedJob, mode: PlaylistMode): string {
  return mode === 'sync' ? `[charts-vibe chart ${job.chartRef}]` : `[charts-vibe job ${job.jobId}]`;
}
