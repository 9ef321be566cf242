// `node libs/fakes/dist/serve.js`: the fakes of the outside world as a process, for
// `npm start -- --offline` and docker compose's `offline` profile. Beatport serves the
// recorded charts, YouTube Music answers their tracks from a catalog built on the same
// recording, the YouTube Data API keeps playlists in memory. When every fake listens, one
// JSON line with their URLs goes to stdout; SIGTERM or SIGINT stops them.
import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';
import { parseArgs } from 'node:util';
import { FakeBeatport } from './beatport/fake-beatport';
import { loadPsyTranceTop100 } from './beatport/fixtures';
import { CatalogTrack, ChartCatalog } from './ytmusic/chart-catalog';
import { FakeYtMusic } from './ytmusic/fake-ytmusic';
import { FakeYouTubeDataApi } from './youtube/fake-youtube-data-api';

/** Where each fake listens unless told otherwise (docker compose relies on these). */
export const DEFAULT_FAKE_PORTS = { beatport: 8081, ytmusic: 8082, youtube: 8083 } as const;

export interface FakeUrls {
  /** BEATPORT_BASE_URL and BEATPORT_API_BASE_URL (one server serves pages and API v4). */
  beatport: string;
  /** YTMUSIC_BASE_URL. */
  ytmusic: string;
  /** YOUTUBE_API_ROOT_URL and YOUTUBE_OAUTH_TOKEN_URL. */
  youtube: { rootUrl: string; tokenUrl: string };
}

/** The tracks every recorded chart serves, in chart order, as the YouTube Music catalog takes them. */
export function recordedChartTracks(): CatalogTrack[] {
  return loadPsyTranceTop100().results.map((track) => ({
    beatportId: track.id,
    title: track.name.trim(),
    mixName: typeof track.mix_name === 'string' && track.mix_name.trim() ? track.mix_name.trim() : null,
    artists: (track.artists ?? []).map((artist) => artist.name.trim()),
    remixers: ((track.remixers ?? []) as { name: string }[]).map((remixer) => remixer.name.trim()),
    lengthMs: typeof track.length_ms === 'number' ? track.length_ms : null,
  }));
}

/** The catalog the fake YouTube Music answers from: deterministic, so tests can compute the right video of each track. */
export function recordedChartCatalog(): ChartCatalog {
  return new ChartCatalog(recordedChartTracks());
}

/**
 * The fakes listen on loopback only; a forwarder exposes each on the asked host and port
 * (a container's 0.0.0.0, a fixed port) without changing them.
 */
class Forwarder {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(targetPort: number) {
    this.server = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface ServeOptions {
  host: string;
  /** Name for URLs (a compose service name); defaults to the host, or 127.0.0.1 for a wildcard host. */
  publicHost?: string;
  ports: { beatport: number; ytmusic: number; youtube: number };
}

export interface RunningFakes {
  urls: FakeUrls;
  stop(): Promise<void>;
}

export async function startFakes(options: ServeOptions): Promise<RunningFakes> {
  const beatport = new FakeBeatport().serveRecordedCharts();
  const ytmusic = new FakeYtMusic({ catalog: recordedChartCatalog() });
  const youtube = new FakeYouTubeDataApi();
  const forwarders: Forwarder[] = [];
  const stop = async () => {
    await Promise.all(forwarders.map((forwarder) => forwarder.close()));
    await Promise.all([beatport.stop(), ytmusic.stop(), youtube.stop()]);
  };
  try {
    await Promise.all([beatport.start(), ytmusic.start(), youtube.start()]);
    const expose = async (fakeUrl: string, port: number) => {
      const forwarder = new Forwarder(Number(new URL(fakeUrl).port));
      forwarders.push(forwarder);
      return forwarder.listen(port, options.host);
    };
    const [beatportPort, ytmusicPort, youtubePort] = await Promise.all([
      expose(beatport.url, options.ports.beatport),
      expose(ytmusic.url, options.ports.ytmusic),
      expose(youtube.rootUrl, options.ports.youtube),
    ]);
    const host = options.publicHost ?? (['0.0.0.0', '::'].includes(options.host) ? '127.0.0.1' : options.host);
    const youtubeOrigin = `http://${host}:${youtubePort}`;
    return {
      urls: {
        beatport: `http://${host}:${beatportPort}`,
        ytmusic: `http://${host}:${ytmusicPort}/`,
        youtube: {
          rootUrl: `${youtubeOrigin}${new URL(youtube.rootUrl).pathname}`,
          tokenUrl: `${youtubeOrigin}${new URL(youtube.tokenUrl).pathname}`,
        },
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

const USAGE = `usage: node libs/fakes/dist/serve.js [options]

Starts the fakes of Beatport, YouTube Music and the YouTube Data API, fed with the
recorded fixtures, and prints one JSON line with their URLs when they listen.

options:
  --host <address>          address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
  --public-host <name>      host name to put in the printed URLs (default: the address)
  --beatport-port <port>    default ${DEFAULT_FAKE_PORTS.beatport} (0: any free port)
  --ytmusic-port <port>     default ${DEFAULT_FAKE_PORTS.ytmusic}
  --youtube-port <port>     default ${DEFAULT_FAKE_PORTS.youtube}
  -h, --help                this text`;

function portOf(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${flag} must be a port number (0-65535), not "${value}"`);
  return port;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      'public-host': { type: 'string' },
      'beatport-port': { type: 'string' },
      'ytmusic-port': { type: 'string' },
      'youtube-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const ports = {
    beatport: portOf(values['beatport-port'], DEFAULT_FAKE_PORTS.beatport, '--beatport-port'),
    ytmusic: portOf(values['ytmusic-port'], DEFAULT_FAKE_PORTS.ytmusic, '--ytmusic-port'),
    youtube: portOf(values['youtube-port'], DEFAULT_FAKE_PORTS.youtube, '--youtube-port'),
  };
  const fakes = await startFakes({ host: values.host, publicHost: values['public-host'], ports });
  process.stdout.write(`${JSON.stringify({ ready: true, ...fakes.urls })}\n`);
  process.stderr.write(
    `fakes listening: Beatport ${fakes.urls.beatport}, YouTube Music ${fakes.urls.ytmusic}, YouTube Data API ${fakes.urls.youtube.rootUrl}\n`,
  );
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void fakes.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`fakes: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
