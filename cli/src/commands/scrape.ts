// charts-vibe scrape <chart>: POST /scrape on the scraper; with --wait, follows the job.
import { scrapeResultSchema, ServiceClient } from '../api';
import { Command, println, API_ENV_HELP } from '../command';
import { apiConfig } from '../config';
import { followJob, waitForJobOfChart, waitForPlaylist } from '../report/follow-job';
import { jobSummaryLine, playlistDestination, playlistTable } from '../report/playlist-report';
import { chartDetailSchema } from '../api';

export function apiClients(env: NodeJS.ProcessEnv) {
  const config = apiConfig(env);
  return {
    scraper: new ServiceClient('scraper', config.SCRAPER_URL, 'SCRAPER_URL', config.API_TOKEN),
    chartProcessor: new ServiceClient('chart-processor', config.CHART_PROCESSOR_URL, 'CHART_PROCESSOR_URL', config.API_TOKEN),
  };
}

export const scrapeCommand: Command = {
  name: 'scrape',
  summary: 'scrape a Beatport chart now (POST /scrape) and send it down the pipeline',
  usage: `usage: charts-vibe scrape <chart> [--wait] [--json]

Asks the scraper to read a Beatport chart and publish it as chart.scraped; the
pipeline takes it from there (job, searches, playlist).

  <chart>   top-100, hype-100, genre:<slug-or-id>, genre-hype:<slug-or-id>, or a
            https://www.beatport.com chart URL (genre/…/top-100, chart/<slug>/<id>)

options:
  --wait    follow the job's progress, then print the playlist and where it went
  --json    print the scraper's answer as JSON
  -h, --help

${API_ENV_HELP}`,
  options: { wait: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const { scraper, chartProcessor } = apiClients(io.env);
    const result = await scraper.post('/scrape', { chart: positionals[0] }, scrapeResultSchema, 180_000);
    if (values.json) println(io.stdout, JSON.stringify(result, null, 2));
    else println(io.stdout, `scraped ${result.chartName}: ${result.trackCount} tracks from the ${result.source} (${result.sourceUrl}); chart ${result.chartId}`);
    if (!values.wait) return 0;
    const jobId = await waitForJobOfChart(chartProcessor, result.chartId, { signal: io.signal });
    println(io.stdout, `job ${jobId}`);
    const job = await followJob(chartProcessor, jobId, io.stdout, { signal: io.signal });
    println(io.stdout, jobSummaryLine(job));
    const finished = await waitForPlaylist(chartProcessor, jobId, { signal: io.signal });
    const chart = await chartProcessor.get(`/charts/${encodeURIComponent(result.chartId)}`, chartDetailSchema);
    println(io.stdout, playlistTable(chart, finished, io.stdout.columns));
    println(io.stdout, playlistDestination(finished));
    return job.status === 'completed' ? 0 : 1;
  },
};
