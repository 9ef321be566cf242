// GET /jobs and GET /jobs/:id: progress, counts, timing and what did not match.
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { parseRequest } from '@charts-vibe/shared';
import { z } from 'zod';
import { JobRow, JobsRepository, PlaylistRunRow, UnmatchedRow } from './jobs.repository';

const listQuery = z.object({
  status: z.enum(['processing', 'completed', 'expired']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const jobId = z.uuid('must be a job id (uuid)');

function summary(job: JobRow) {
  const end = job.completed_at ? new Date(job.completed_at) : new Date();
  return {
    id: job.id,
    chartId: job.chart_id,
    chartRef: job.chart_ref,
    source: job.source,
    status: job.status,
    progress: {
      processed: job.processed_count,
      expected: job.expected_count,
      percent: job.expected_count === 0 ? 100 : Math.floor((100 * job.processed_count) / job.expected_count),
    },
    counts: {
      expected: job.expected_count,
      matched: job.matched_count,
      notFound: job.not_found_count,
      failed: job.failed_count,
    },
    createdAt: new Date(job.created_at).toISOString(),
    deadlineAt: new Date(job.deadline_at).toISOString(),
    completedAt: job.completed_at ? new Date(job.completed_at).toISOString() : null,
    durationSeconds: Math.round((end.getTime() - new Date(job.created_at).getTime()) / 100) / 10,
  };
}

function unmatchedTrack(row: UnmatchedRow) {
  return {
    trackKey: row.track_key,
    positions: row.positions,
    artists: row.artists,
    title: row.title,
    mixName: row.mix_name,
    outcome: row.outcome,
    needsReview: row.match_status === 'needs_review',
    candidateVideoId: row.match_status === 'needs_review' ? row.video_id : null,
    candidateScore: row.match_status === 'needs_review' ? row.match_score : null,
    reason: row.reason,
  };
}

function playlist(run: PlaylistRunRow | undefined) {
  if (!run) return null;
  return {
    status: run.status,
    reason: run.reason,
    resumeAfter: run.resume_after ? new Date(run.resume_after).toISOString() : null,
    output: run.output,
    updatedAt: new Date(run.updated_at).toISOString(),
  };
}

@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsRepository) {}

  @Get()
  async list(@Query() query: unknown) {
    const { status, limit } = parseRequest(listQuery, query);
    return { jobs: (await this.jobs.list(status, limit)).map(summary) };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const job = await this.jobs.find(parseRequest(jobId, id));
    if (!job) throw new NotFoundException(`no job ${id}`);
    const [unmatched, run] = await Promise.all([this.jobs.unmatched(job), this.jobs.playlistRun(job.id)]);
    return { ...summary(job), unmatched: unmatched.map(unmatchedTrack), playlist: playlist(run) };
  }
}
