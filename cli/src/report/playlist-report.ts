// What a finished job produced, for a person: the chart in order with each track's video
// (or why there is none) and score, and where the playlist went.
import { ChartDetail, JobDetail } from '../api';
import { renderTable } from '../format/table';

export function trackLabel(track: { artists: string[]; title: string; mixName: string | null }): string {
  return `${track.artists.join(', ')} — ${track.title}${track.mixName ? ` (${track.mixName})` : ''}`;
}

type Entry = ChartDetail['entries'][number];
type Unmatched = JobDetail['unmatched'][number];

function videoOrReason(entry: Entry, unmatched: Unmatched | undefined): string {
  const match = entry.match;
  if (match?.status === 'matched' && match.videoId) return match.videoId;
  const reason = unmatched?.reason ? `: ${unmatched.reason.replace(/^needs review:\s*/i, '')}` : '';
  switch (match?.status) {
    case 'needs_review':
      return `needs review, best ${match.videoId ?? '?'}${reason}`;
    case 'not_found':
      return `not found${reason || ': no acceptable candidate'}`;
    case 'failed':
      return `failed${reason}`;
    default:
      return 'not searched';
  }
}

export function playlistTable(chart: ChartDetail, job: JobDetail, maxWidth = Infinity): string {
  const unmatchedByKey = new Map(job.unmatched.map((track) => [track.trackKey, track]));
  const rows = chart.entries.map((entry) => [
    String(entry.position),
    trackLabel(entry),
    videoOrReason(entry, unmatchedByKey.get(entry.trackKey)),
    entry.match?.score === null || entry.match?.score === undefined ? '-' : entry.match.score.toFixed(2),
  ]);
  return renderTable(
    [
      { header: '#', align: 'right' },
      { header: 'track', shrink: true },
      { header: 'video / why not', shrink: true },
      { header: 'score', align: 'right' },
    ],
    rows,
    maxWidth,
  );
}

/** Where the playlist went: the YouTube URL, the files, or why there is none (yet). */
export function playlistDestination(job: JobDetail): string {
  const run = job.playlist;
  if (!run) return 'no playlist run recorded for this job';
  const output = run.output;
  if (run.status === 'done' && output?.url) return `YouTube playlist: ${output.url}`;
  if (run.status === 'done' && output?.files) return `playlist written to ${output.files.json} and ${output.files.m3u}`;
  if (run.status === 'deferred') return `playlist deferred until ${run.resumeAfter ?? '?'}: ${run.reason ?? 'no reason given'}`;
  return `playlist ${run.status}${run.reason ? `: ${run.reason}` : ''}`;
}

export function jobSummaryLine(job: JobDetail): string {
  const { expected, matched, notFound, failed } = job.counts;
  return `job ${job.id} ${job.status} in ${job.durationSeconds}s: ${expected} searched — ${matched} matched, ${notFound} not found, ${failed} failed`;
}
