// The dashboard check's own parts: metric names out of PromQL, exported names out of
// /metrics, and the shape of the dashboards and alert rules it reads.
import { alertRules, dashboards } from './dashboards';
import { exportedNames, promqlMetricNames } from './metrics-text';

describe('metric names in PromQL', () => {
  it.each([
    ['charts_vibe_jobs_in_flight', ['charts_vibe_jobs_in_flight']],
    ['sum by (outcome) (rate(charts_vibe_tracks_processed_total{outcome!="matched"}[$__rate_interval])) * 60', ['charts_vibe_tracks_processed_total']],
    [
      'histogram_quantile(0.95, sum by (le) (rate(charts_vibe_search_duration_seconds_bucket{result!="error"}[5m])))',
      ['charts_vibe_search_duration_seconds_bucket'],
    ],
    ['max by (chart) (a_total{state="processed"}) / max by (chart) (b_total{state="expected"}) > 0.5', ['a_total', 'b_total']],
    ['sum(rate(x_total[10m])) / clamp_min(sum(rate(y_count[10m])), 1e-9) > 0.5 and on (job) up_metric', ['x_total', 'y_count', 'up_metric']],
    ['min by (credential) (quota_remaining{credential=~"$credential"}) <= 0 offset 1h', ['quota_remaining']],
  ])('%s', (expression, names) => {
    expect(promqlMetricNames(expression).sort()).toEqual([...names].sort());
  });

  it('knows the series a histogram family exports', () => {
    const text = ['# HELP h_seconds help', '# TYPE h_seconds histogram', '# HELP c_total help', '# TYPE c_total counter', 'c_total 3'].join('\n');
    expect([...exportedNames(text)].sort()).toEqual(['c_total', 'h_seconds', 'h_seconds_bucket', 'h_seconds_count', 'h_seconds_sum']);
  });
});

describe('the dashboards and alert rules', () => {
  it('are the four dashboards, each with unique panel ids and a query on every graph', () => {
    const boards = dashboards();
    expect(boards.map((b) => b.dashboard.title).sort()).toEqual([
      'charts-vibe / Kafka',
      'charts-vibe / Pipeline',
      'charts-vibe / Search',
      'charts-vibe / YouTube',
    ]);
    for (const { dashboard } of boards) {
      const panels = dashboard.panels as { id: number; type: string; targets?: { expr?: string }[] }[];
      expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
      for (const panel of panels.filter((p) => p.type !== 'row')) expect(panel.targets?.every((t) => t.expr)).toBe(true);
    }
  });

  it('alert on a stuck job, a growing DLQ, a blocked scrape, spent quota and high lag', () => {
    const rules = alertRules();
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'ChartsVibeJobStuckPastDeadline',
        'ChartsVibeDeadLettersGrowing',
        'ChartsVibeScrapeBlocked',
        'ChartsVibeYouTubeQuotaExhausted',
        'ChartsVibeConsumerLagHigh',
      ]),
    );
    for (const rule of rules) {
      expect(rule.labels?.severity).toMatch(/^(warning|critical)$/);
      expect(rule.annotations?.summary).toBeTruthy();
    }
  });
});
