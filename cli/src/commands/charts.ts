// charts-vibe charts: chart-processor's GET /charts.
import { z } from 'zod';
import { chartSummarySchema } from '../api';
import { API_ENV_HELP, Command, positiveInt, println } from '../command';
import { renderTable } from '../format/table';
import { apiClients } from './scrape';

export const chartsCommand: Command = {
  name: 'charts',
  summary: 'list the charts received, newest first, with their jobs',
  usage: `usage: charts-vibe charts [--limit <n>] [--json]

Lists the scraped charts chart-processor stored (GET /charts), newest first.

options:
  --limit <n>   at most n charts (default 20)
  --json        print them as JSON
  -h, --help

${API_ENV_HELP}`,
  options: { limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [0, 0],
  async run({ values }, io) {
    const limit = positiveInt(values.limit, 'limit', 20);
    const { charts } = await apiClients(io.env).chartProcessor.get(`/charts?limit=${limit}`, z.object({ charts: z.array(chartSummarySchema) }));
    if (values.json) {
      println(io.stdout, JSON.stringify(charts, null, 2));
      return 0;
    }
    if (charts.length === 0) {
      println(io.stdout, 'no charts yet (charts-vibe scrape <chart>)');
      return 0;
    }
    const table = renderTable(
      [
        { header: 'chart' },
        { header: 'name', shrink: true },
        { header: 'tracks', align: 'right' },
        { header: 'source' },
        { header: 'scraped' },
        { header: 'job' },
        { header: 'job status' },
      ],
      charts.map((chart) => [
        chart.id,
        chart.name,
        String(chart.trackCount),
        chart.source,
        chart.scrapedAt.replace('T', ' ').slice(0, 19),
        chart.job?.id ?? '-',
        chart.job?.status ?? '-',
      ]),
      io.stdout.columns,
    );
    println(io.stdout, table);
    return 0;
  },
};
