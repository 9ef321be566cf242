// The PromQL of the Grafana dashboards and the alert rules, read from deploy/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const repo = resolve(__dirname, '../..');
export const dashboardDir = join(repo, 'deploy/grafana/dashboards');
export const alertRulesFile = join(repo, 'deploy/prometheus/alerts.yml');

export interface Query {
  where: string;
  expr: string;
}

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

interface Dashboard {
  title: string;
  panels: Panel[];
  templating?: { list: { name: string; query?: string | { query?: string }; definition?: string }[] };
}

export function dashboards(): { file: string; dashboard: Dashboard }[] {
  return readdirSync(dashboardDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(dashboardDir, file), 'utf8')) as Dashboard }));
}

function panelsOf(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);
}

/** Every query of every panel and template variable (label_values(metric, label) counts as metric). */
export function dashboardQueries(): Query[] {
  const queries: Query[] = [];
  for (const { file, dashboard } of dashboards()) {
    for (const panel of panelsOf(dashboard.panels)) {
      for (const target of panel.targets ?? []) if (target.expr) queries.push({ where: `${file} / ${panel.title}`, expr: target.expr });
    }
    for (const variable of dashboard.templating?.list ?? []) {
      const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? variable.definition);
      const metric = query && /label_values\(\s*([^,]+),/.exec(query)?.[1];
      if (metric) queries.push({ where: `${file} / $${variable.name}`, expr: metric });
    }
  }
  return queries;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function alertRules(): AlertRule[] {
  const file = parse(readFileSync(alertRulesFile, 'utf8')) as { groups: { name: string; rules: AlertRule[] }[] };
  return file.groups.flatMap((group) => group.rules);
}
