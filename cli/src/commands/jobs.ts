// charts-vibe jobs [--watch] and charts-vibe job <id>: chart-processor's GET /jobs and /jobs/:id.
import { chartDetailSchema, JobDetail, jobDetailSchema, JobSummary, jobSummarySchema } from '../api';
import { API_ENV_HELP, Command, OptionError, positiveInt, println } from '../command';
import { formatProgress, progressFigures } from '../format/progress';
import { renderTable } from '../format/table';
import { CliIo, sleep } from '../io';
import { jobSummaryLine, playlistDestination, playlistTable, trackLabel } from '../report/playlist-report';
import { apiClients } from './scrape';
import { z } from 'zod';

const STATUSES = ['processing', 'completed', 'expired'];

export function jobsTable(jobs: JobSummary[], maxWidth?: number): string {
  if (jobs.length === 0) return 'no jobs';
  return renderTable(
    [
      { header: 'job' },
      { header: 'chart', shrink: true },
      { header: 'status' },
      { header: 'processed', align: 'right' },
      { header: 'matched', align: 'right' },
      { header: 'not found', align: 'right' },
      { header: 'failed', align: 'right' },
      { header: 'created' },
      { header: 'took', align: 'right' },
    ],
    jobs.map((job) => [
      job.id,
      job.chartId,
      job.status,
      `${job.progress.processed}/${job.progress.expected}`,
      String(job.counts.matched),
      String(job.counts.notFound),
      String(job.counts.failed),
      job.createdAt.replace('T', ' ').slice(0, 19),
      `${job.durationSeconds}s`,
    ]),
    maxWidth,
  );
}

async function listJobs(io: CliIo, status: string | undefined, limit: number): Promise<JobSummary[]> {
  const query = new URLSearchParams({ limit: String(limit), ...(status ? { status } : {}) });
  const { jobs } = await apiClients(io.env).chartProcessor.get(`/jobs?${query}`, z.object({ jobs: z.array(jobSummarySchema) }));
  return jobs;
}

export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'list the latest jobs with their progress and counts',
  usage: `usage: charts-vibe jobs [--status <status>] [--limit <n>] [--watch [--interval <seconds>]] [--json]

Lists jobs, newest first (chart-processor's GET /jobs).

options:
  --status <status>     processing, completed or expired
  --limit <n>           at most n jobs (default 20)
  --watch               redraw every --interval seconds (default 2) until Ctrl-C
  --json                print the jobs as JSON
  -h, --help

${API_ENV_HELP}`,
  options: {
    status: { type: 'string' },
    limit: { type: 'string' },
    watch: { type: 'boolean' },
    interval: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [0, 0],
  async run({ values }, io) {
    const status = values.status as string | undefined;
    if (status !== undefined && !STATUSES.includes(status)) throw new OptionError(`--status must be one of ${STATUSES.join(', ')}`);
    const limit = positiveInt(values.limit, 'limit', 20);
    const intervalMs = positiveInt(values.interval, 'interval', 2) * 1000;
    const show = (jobs: JobSummary[]) =>
      values.json ? JSON.stringify(jobs, null, 2) : jobsTable(jobs, io.stdout.columns);
    if (!values.watch) {
      println(io.stdout, show(await listJobs(io, status, limit)));
      return 0;
    }
    while (!io.signal?.aborted) {
      const jobs = await listJobs(io, status, limit);
      const stamp = `jobs at ${new Date().toISOString().slice(11, 19)} (every ${intervalMs / 1000}s, Ctrl-C to stop)`;
      // On a terminal the screen is redrawn; in a log each refresh follows the last.
      if (io.stdout.isTTY) io.stdout.write('\x1b[2J\x1b[H');
      println(io.stdout, `${stamp}\n${show(jobs)}\n`);
      await sleep(intervalMs, io.signal);
    }
    return 0;
  },
};

function unmatchedTable(job: JobDetail, maxWidth?: number): string {
  return renderTable(
    [{ header: '#', align: 'right' }, { header: 'track', shrink: true }, { header: 'outcome' }, { header: 'why', shrink: true }],
    job.unmatched.map((track) => [
      (track.positions ?? []).join(','),
      trackLabel(track),
      track.needsReview ? 'needs review' : track.outcome,
      [track.reason, track.candidateVideoId ? `best candidate ${track.candidateVideoId}` : null].filter(Boolean).join('; ') || '-',
    ]),
    maxWidth,
  );
}

export const jobCommand: Command = {
  name: 'job',
  summary: "show one job: progress, counts, what did not match, the playlist",
  usage: `usage: charts-vibe job <id> [--tracks] [--json]

Shows a job (chart-processor's GET /jobs/:id): progress, counts, the tracks that were
not matched and why, and where its playlist went.

options:
  --tracks    also list the whole chart with each track's video and score
  --json      print the job as JSON
  -h, --help

${API_ENV_HELP}`,
  options: { tracks: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const { chartProcessor } = apiClients(io.env);
    const job = await chartProcessor.get(`/jobs/${encodeURIComponent(positionals[0])}`, jobDetailSchema);
    if (values.json) {
      println(io.stdout, JSON.stringify(job, null, 2));
      return 0;
    }
    println(io.stdout, `${jobSummaryLine(job)}\nchart ${job.chartId} (${job.chartRef}), created ${job.createdAt}`);
    println(io.stdout, formatProgress(progressFigures(job), false));
    if (values.tracks) {
      const chart = await chartProcessor.get(`/charts/${encodeURIComponent(job.chartId)}`, chartDetailSchema);
      println(io.stdout, `\n${playlistTable(chart, job, io.stdout.columns)}`);
    } else if (job.unmatched.length) {
      println(io.stdout, `\nnot matched (${job.unmatched.length}):\n${unmatchedTable(job, io.stdout.columns)}`);
    }
    println(io.stdout, `\n${playlistDestination(job)}`);
    return 0;
  },
};
