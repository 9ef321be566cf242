// charts-vibe start: the local runner behind `npm start`.
import { Command, println } from '../command';
import { runLocalPipeline } from '../start/runner';

export const startCommand: Command = {
  name: 'start',
  summary: 'run the whole pipeline locally on one chart (what `npm start` does)',
  usage: `usage: charts-vibe start [--chart <chart>] [--offline | --online] [--keep-running]

Starts a real PostgreSQL and Kafka (scripts/infra), migrates, starts the four services
from their compiled dist/main.js, scrapes one chart and shows it go through the
pipeline: the job's progress, then the playlist (each track's video or why there is
none) and where it went. Then it stops everything it started.

options:
  --chart <chart>   the chart to run (default top-100): top-100, hype-100,
                    genre:<slug-or-id>, genre-hype:<slug-or-id>, or a beatport.com URL
  --offline         use the local fakes of Beatport, YouTube Music and the YouTube Data
                    API fed with recorded fixtures (chosen automatically, with a notice,
                    when beatport.com or music.youtube.com cannot be reached); the
                    playlist goes to playlists/offline/ as JSON and M3U
  --online          use the real sites even if the reachability check fails
  --keep-running    leave the stack up after the run until Ctrl-C (for the CLI)
  -h, --help

The services read the same environment as in production (README "Configuration");
without YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET and YOUTUBE_REFRESH_TOKEN the
playlist is written to playlists/ as JSON and M3U instead of YouTube.`,
  options: {
    chart: { type: 'string' },
    offline: { type: 'boolean' },
    online: { type: 'boolean' },
    'keep-running': { type: 'boolean' },
  },
  positionals: [0, 0],
  async run({ values }, io) {
    if (values.offline && values.online) {
      println(io.stderr, 'charts-vibe start: --offline and --online exclude each other');
      return 2;
    }
    await runLocalPipeline(
      {
        chart: (values.chart as string | undefined) ?? 'top-100',
        offline: values.offline ? true : values.online ? false : 'auto',
        keepRunning: Boolean(values['keep-running']),
      },
      io,
    );
    return 0;
  },
};
