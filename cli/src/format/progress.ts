// One line of job progress: a bar on a terminal, the same figures as plain text in a log.
import { JobSummary } from '../api';

export interface ProgressFigures {
  processed: number;
  expected: number;
  matched: number;
  notFound: number;
  failed: number;
  /** Tracks per second since the job was created; null before the first one. */
  rate: number | null;
  /** Seconds left at that rate; null when unknown. */
  etaSeconds: number | null;
}

export function progressFigures(job: JobSummary): ProgressFigures {
  const { processed, expected } = job.progress;
  const rate = processed > 0 && job.durationSeconds > 0 ? processed / job.durationSeconds : null;
  const remaining = Math.max(0, expected - processed);
  return {
    processed,
    expected,
    matched: job.counts.matched,
    notFound: job.counts.notFound,
    failed: job.counts.failed,
    rate,
    etaSeconds: remaining === 0 ? 0 : rate ? remaining / rate : null,
  };
}

export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export function progressBar(done: number, total: number, width = 24): string {
  const fraction = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** `37/100  matched 30  not found 5  failed 2  12.4/s  ETA 5s`, with a bar in front on a terminal. */
export function formatProgress(figures: ProgressFigures, withBar: boolean): string {
  const width = String(figures.expected).length;
  const parts = [
    `${String(figures.processed).padStart(width)}/${figures.expected}`,
    `matched ${figures.matched}`,
    `not found ${figures.notFound}`,
    `failed ${figures.failed}`,
    figures.rate === null ? '-/s' : `${figures.rate.toFixed(1)}/s`,
    `ETA ${figures.etaSeconds === null ? '?' : formatDuration(figures.etaSeconds)}`,
  ];
  return `${withBar ? `${progressBar(figures.processed, figures.expected)} ` : ''}${parts.join('  ')}`;
}
