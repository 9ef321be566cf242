import { JobSummary } from '../api';
import { formatDuration, formatProgress, progressBar, progressFigures } from './progress';

function job(processed: number, expected: number, durationSeconds: number, counts = { matched: processed, notFound: 0, failed: 0 }): JobSummary {
  return {
    id: '6f1c1d3e-3b4a-4f7c-9a55-1a2b3c4d5e6f',
    chartId: 'beatport:top-100:2026-12-04',
    chartRef: 'beatport:top-100',
    source: 'page',
    status: processed === expected ? 'completed' : 'processing',
    progress: { processed, expected, percent: expected ? Math.floor((100 * processed) / expected) : 100 },
    counts: { expected, ...counts },
    createdAt: '2026-12-04T10:00:00.000Z',
    completedAt: null,
    durationSeconds,
  };
}

describe('progress', () => {
  it('derives the rate from the tracks done so far and the ETA from the rest', () => {
    expect(progressFigures(job(40, 100, 8))).toMatchObject({ rate: 5, etaSeconds: 12 });
  });

  it('has no rate and no ETA before the first track', () => {
    expect(progressFigures(job(0, 100, 3))).toMatchObject({ rate: null, etaSeconds: null });
  });

  it('shows processed/expected, every outcome, rate and ETA on one line', () => {
    const line = formatProgress(progressFigures(job(37, 100, 10, { matched: 30, notFound: 5, failed: 2 })), false);
    expect(line).toBe(' 37/100  matched 30  not found 5  failed 2  3.7/s  ETA 17s');
  });

  it('puts a bar in front on a terminal', () => {
    expect(formatProgress(progressFigures(job(50, 100, 10)), true)).toMatch(/^\[#{12}-{12}\] {2}50\/100/);
  });

  it('draws a full bar for a job with nothing to search', () => {
    expect(progressBar(0, 0, 4)).toBe('[####]');
  });

  it.each([
    [4.4, '4s'],
    [75, '1m15s'],
    [3725, '1h02m'],
  ])('formats %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
