// Follows a chart through the pipeline over chart-processor's API: waits for its job,
// shows the job's progress until it is done, then waits for the playlist service's run.
import { ApiError, chartDetailSchema, jobDetailSchema, JobDetail, ServiceClient } from '../api';
import { formatProgress, progressFigures } from '../format/progress';
import { CliError, OutputStream, sleep } from '../io';

export interface FollowOptions {
  signal?: AbortSignal;
  intervalMs?: number;
  timeoutMs?: number;
}

function checkStopped(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new CliError(`interrupted while waiting for ${what}`, 130);
}

/** The job chart-processor created for a chart (it appears once chart.scraped is consumed). */
export async function waitForJobOfChart(client: ServiceClient, chartId: string, options: FollowOptions = {}): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    checkStopped(options.signal, `the job of ${chartId}`);
    try {
      const chart = await client.get(`/charts/${encodeURIComponent(chartId)}`, chartDetailSchema);
      if (chart.job) return chart.job.id;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
    if (Date.now() > deadline) {
      throw new CliError(`chart-processor has no job for ${chartId} after ${Math.round((options.timeoutMs ?? 60_000) / 1000)} s: is it consuming chart.scraped?`);
    }
    await sleep(options.intervalMs ?? 300, options.signal);
  }
}

/** Polls GET /jobs/:id until the job is no longer processing, drawing its progress. */
export async function followJob(client: ServiceClient, jobId: string, out: OutputStream, options: FollowOptions = {}): Promise<JobDetail> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  const tty = Boolean(out.isTTY);
  let lastLine = '';
  let lastPrinted = 0;
  let lastProcessed = -1;
  for (;;) {
    checkStopped(options.signal, `job ${jobId}`);
    const job = await client.get(`/jobs/${jobId}`, jobDetailSchema);
    const done = job.status !== 'processing';
    const line = formatProgress(progressFigures(job), tty);
    if (tty) {
      if (line !== lastLine) out.write(`\r${line}\x1b[K`);
      if (done) out.write('\n');
    } else if (done || (job.progress.processed !== lastProcessed && Date.now() - lastPrinted >= 2_000)) {
      out.write(`${line}\n`);
      lastPrinted = Date.now();
      lastProcessed = job.progress.processed;
    }
    lastLine = line;
    if (done) return job;
    if (Date.now() > deadline) throw new CliError(`job ${jobId} is still processing after ${Math.round((options.timeoutMs ?? 0) / 1000)} s`);
    await sleep(options.intervalMs ?? 500, options.signal);
  }
}

const SETTLED_RUNS = new Set(['done', 'failed', 'deferred']);

/** Waits until the playlist service has finished (or parked) its run for the job. */
export async function waitForPlaylist(client: ServiceClient, jobId: string, options: FollowOptions = {}): Promise<JobDetail> {
  // Writing to YouTube inserts one video at a time: a 100-track playlist takes minutes.
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  for (;;) {
    checkStopped(options.signal, `the playlist of job ${jobId}`);
    const job = await client.get(`/jobs/${jobId}`, jobDetailSchema);
    if (job.playlist && SETTLED_RUNS.has(job.playlist.status)) return job;
    if (Date.now() > deadline) {
      const state = job.playlist ? `its run is ${job.playlist.status}` : 'it has not started';
      throw new CliError(`the playlist service has not finished job ${jobId} (${state}): is it consuming job.completed?`);
    }
    await sleep(options.intervalMs ?? 300, options.signal);
  }
}
