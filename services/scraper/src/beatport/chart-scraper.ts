// Reads a chart from the configured sources in order (the next one is the fallback when
// one fails), then checks it is a whole chart: duplicates dropped with a warning,
// positions 1..n in chart order, and enough tracks for what it claims to be.
import { ChartTrack } from '@charts-vibe/shared';
import type { Logger } from 'pino';
import { ChartTarget } from './chart-catalog';
import { ChartSource, SourcedChart } from './chart-sources';
import { BeatportError, BeatportLayoutError, NoSourceForChartError } from './errors';

export interface ScrapedChart extends SourcedChart {
  chartName: string;
}

export class ChartScraper {
  constructor(
    private readonly sources: ChartSource[],
    private readonly logger: Logger,
  ) {}

  sourcesFor(target: ChartTarget): ChartSource[] {
    return this.sources.filter((source) => source.supports(target));
  }

  /** Throws NoSourceForChartError when no configured source can read the chart (before any request). */
  assertReadable(target: ChartTarget): void {
    if (this.sourcesFor(target).length === 0) {
      throw new NoSourceForChartError(
        `${target.ref} can only be read from its page, and SCRAPER_SOURCE_ORDER=${this.sources.map((s) => s.name).join(',')} excludes it`,
      );
    }
  }

  async scrape(target: ChartTarget): Promise<ScrapedChart> {
    this.assertReadable(target);
    const failures: BeatportError[] = [];
    const sources = this.sourcesFor(target);
    for (const [index, source] of sources.entries()) {
      try {
        return this.checked(await source.read(target), target);
      } catch (error) {
        if (!(error instanceof BeatportError)) throw error;
        failures.push(error);
        const next = sources[index + 1];
        if (next) {
          this.logger.warn(
            { chart: target.ref, source: source.name, reason: error.reason },
            `${source.name} failed (${error.message}); trying ${next.name}`,
          );
        }
      }
    }
    // The first source's failure is the one to act on (it is the preferred source); the others are told alongside.
    const [first, ...others] = failures;
    if (others.length) first.message += `; fallback ${others.map((e) => `${e.name}: ${e.message}`).join('; ')}`;
    throw first;
  }

  private checked(chart: SourcedChart, target: ChartTarget): ScrapedChart {
    if (chart.degraded)
      this.logger.warn({ chart: target.ref, source: chart.source }, `${target.ref}: ${chart.degraded}`);
    const seen = new Set<number>();
    const tracks: ChartTrack[] = [];
    for (const track of chart.tracks) {
      if (seen.has(track.beatportId)) {
        this.logger.warn(
          { chart: target.ref, beatportId: track.beatportId, position: track.position },
          'duplicate track dropped',
        );
        continue;
      }
      seen.add(track.beatportId);
      tracks.push({ ...track, position: tracks.length + 1 });
    }
    if (tracks.length < target.minTracks) {
      throw new BeatportLayoutError(
        tracks.length === 0
          ? `${target.ref} has no tracks`
          : `${target.ref} has ${tracks.length} tracks, expected at least ${target.minTracks}`,
        chart.sourceUrl,
      );
    }
    return { ...chart, tracks, chartName: chart.chartName ?? target.name };
  }
}
