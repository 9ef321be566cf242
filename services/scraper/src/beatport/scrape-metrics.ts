// The scraper's Prometheus metrics: every scrape counted by chart, outcome and reason, and timed.
import { counter, histogram } from '@charts-vibe/shared';

export const scrapeMetrics = {
  scrapes: () =>
    counter(
      'charts_vibe_scrapes_total',
      'Chart scrapes by chart, outcome (ok/error) and reason (none, blocked, layout, not_found, network, auth, publish)',
      ['chart', 'outcome', 'reason'],
    ),
  duration: () =>
    histogram(
      'charts_vibe_scrape_duration_seconds',
      'Time to read a chart from Beatport and publish it, by chart and outcome',
      ['chart', 'outcome'],
      [0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320],
    ),
};
