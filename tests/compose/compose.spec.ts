// No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked as files:
// the compose file parses, every image it builds comes from a stage the Dockerfile has, every
// variable a service's config requires (read from the service's own zod schema) is set, every
// host port is published once, and every dependency is waited on through a health check.
import { baseConfigShape, ConfigError, loadConfig } from '@charts-vibe/shared';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import * as chartProcessorConfig from '../../services/chart-processor/src/config';
import * as playlistConfig from '../../services/playlist/src/config';
import * as scraperConfig from '../../services/scraper/src/config';
import * as trackSearchConfig from '../../services/track-search/src/config';

const root = join(__dirname, '../..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string };
  command?: string[];
  working_dir?: string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

/** The stages of a Dockerfile: `FROM … AS <name>`. */
function stagesOf(text: string): Map<string, string> {
  const stages = new Map<string, string>();
  let current = '';
  for (const line of text.split('\n')) {
    const from = line.match(/^FROM\s+\S+\s+AS\s+(\S+)/i);
    if (from) stages.set((current = from[1]), '');
    if (current) stages.set(current, `${stages.get(current)}${line}\n`);
  }
  return stages;
}

/** Variables compose would substitute from the shell or an --env-file. */
function readEnvFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** Compose's interpolation: ${NAME}, ${NAME:-default}, ${NAME-default}, $$. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value
    .replace(/\$\{([A-Z_][A-Z0-9_]*)(?:(:?-)([^}]*))?\}/g, (_, name: string, operator: string | undefined, fallback: string) => {
      const set = vars[name];
      if (operator === ':-') return set ? set : fallback;
      if (operator === '-') return set !== undefined ? set : fallback;
      return set ?? '';
    })
    .replace(/\$\$/g, '$');
}

function environmentOf(name: string, vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment = services[name].environment ?? {};
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, interpolate(String(value ?? ''), vars)]));
}

/** The variables a config schema cannot do without: those whose schema rejects "unset". */
function requiredVariables(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([name]) => name);
}

const appServices = [
  { name: 'scraper', config: scraperConfig },
  { name: 'chart-processor', config: chartProcessorConfig },
  { name: 'track-search', config: trackSearchConfig },
  { name: 'playlist', config: playlistConfig },
];

const offlineVars = readEnvFile(join(root, 'deploy/compose/offline.env'));

describe('docker-compose.yml', () => {
  it('has the pipeline, its infrastructure, observability and the offline fakes', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['chart-processor', 'fakes', 'grafana', 'jaeger', 'kafka', 'migrate', 'playlist', 'postgres', 'prometheus', 'scraper', 'track-search'].sort(),
    );
    expect(services.kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(services.kafka.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
    expect(services.fakes.profiles).toEqual(['offline']);
    for (const [name, service] of Object.entries(services)) {
      if (name !== 'fakes') expect({ name, profiles: service.profiles }).toEqual({ name, profiles: undefined });
    }
  });

  it('builds every image from a stage the Dockerfile has', () => {
    const stages = stagesOf(dockerfile);
    const built = Object.entries(services).filter(([, service]) => service.build);
    expect(built.map(([name]) => name).sort()).toEqual(['chart-processor', 'fakes', 'migrate', 'playlist', 'scraper', 'track-search']);
    for (const [name, { build }] of built) {
      expect({ name, dockerfile: existsSync(join(root, build!.context, build!.dockerfile ?? 'Dockerfile')) }).toEqual({ name, dockerfile: true });
      expect({ name, target: build!.target && stages.has(build!.target) }).toEqual({ name, target: true });
    }
  });

  it("runs each service's compiled entry point, which the image holds", () => {
    const app = stagesOf(dockerfile).get('app')!;
    for (const { name } of appServices) {
      const { working_dir: workingDir, command } = services[name];
      const script = posix.join(workingDir!, command![1]);
      expect({ name, command: command![0], script }).toEqual({ name, command: 'node', script: `/app/services/${name}/dist/main.js` });
      expect(existsSync(join(root, `services/${name}/src/main.ts`))).toBe(true);
      expect(app).toContain(`COPY --from=build /app/services/${name}/dist services/${name}/dist`);
    }
    const migrate = services.migrate;
    expect(posix.join(migrate.working_dir!, migrate.command![1])).toBe('/app/libs/shared/dist/database/migrate.cli.js');
    expect(existsSync(join(root, 'libs/shared/src/database/migrate.cli.ts'))).toBe(true);
    expect(app).toContain('COPY --from=build /app/libs/shared/dist libs/shared/dist');
  });

  describe.each(appServices)('the $name service', ({ name, config }) => {
    it("sets every variable its config schema requires, and the config loads", () => {
      const env = environmentOf(name);
      const required = requiredVariables(config.configSchema as unknown as z.ZodObject);
      expect(required.length).toBeGreaterThan(0);
      for (const variable of required) expect({ variable, value: env[variable] || undefined }).toEqual({ variable, value: expect.any(String) });
      expect(() => loadConfig(config.configSchema, env)).not.toThrow();
    });

    it('loads its config with the offline env file too', () => {
      const env = environmentOf(name, offlineVars);
      try {
        loadConfig(config.configSchema, env);
      } catch (error) {
        throw new Error(`${name} with deploy/compose/offline.env: ${(error as ConfigError).message}`, { cause: error });
      }
    });

    it('serves on the port Prometheus scrapes and the health check probes', () => {
      const env = environmentOf(name);
      expect(env.HTTP_PORT).toBe('3000');
      expect(services[name].healthcheck!.test!.join(' ')).toContain('http://127.0.0.1:3000/health/ready');
      expect(services[name].ports).toEqual([expect.stringMatching(/^\d+:3000$/)]);
    });
  });

  it('gives the migration the database its schema needs', () => {
    const env = environmentOf('migrate');
    expect(() => loadConfig(z.object({ DATABASE_URL: baseConfigShape.DATABASE_URL }), env)).not.toThrow();
    expect(env.DATABASE_URL).toBe(environmentOf('chart-processor').DATABASE_URL);
    for (const { name } of appServices) {
      expect(services[name].depends_on!.migrate).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('points the services at the fakes with the offline env file', () => {
    const fakesCommand = services.fakes.command!.join(' ');
    expect(fakesCommand).toContain('--host 0.0.0.0');
    expect(environmentOf('scraper', offlineVars).BEATPORT_BASE_URL).toBe('http://fakes:8081');
    expect(environmentOf('track-search', offlineVars).YTMUSIC_BASE_URL).toBe('http://fakes:8082/');
    expect(environmentOf('playlist', offlineVars).YOUTUBE_API_ROOT_URL).toBe('http://fakes:8083/');
    expect(services.fakes.ports!.map((port) => port.split(':')[1]).sort()).toEqual(['8081', '8082', '8083']);
    expect(offlineVars.COMPOSE_PROFILES).toBe('offline');
  });

  it('publishes every host port once', () => {
    const hostPorts = Object.values(services).flatMap((service) => (service.ports ?? []).map((port) => port.split(':').slice(-2)[0]));
    expect(hostPorts.length).toBeGreaterThan(10);
    expect(hostPorts.filter((port, index) => hostPorts.indexOf(port) !== index)).toEqual([]);
    expect(hostPorts).toEqual(expect.arrayContaining(['4317', '4318', '16686', '9090', '3000']));
  });

  it('waits for every dependency through its health check or its completion', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, exists: dependency in services }).toEqual({ name, dependency, exists: true });
        expect(['service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') expect({ dependency, healthcheck: services[dependency].healthcheck?.test?.length }).toEqual({ dependency, healthcheck: expect.any(Number) });
      }
    }
    // Depending on the fakes must not make them mandatory outside the offline profile.
    for (const name of ['scraper', 'track-search', 'playlist']) expect(services[name].depends_on!.fakes).toEqual({ condition: 'service_healthy', required: false });
  });

  it("has Prometheus scrape every service's /metrics", () => {
    const prometheus = parse(readFileSync(join(root, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { metrics_path?: string; static_configs: { targets: string[] }[] }[];
    };
    const mount = services.prometheus.volumes!.find((volume) => volume.startsWith('./deploy/prometheus/prometheus.yml:'));
    expect(mount).toBeDefined();
    const targets = prometheus.scrape_configs.filter((job) => (job.metrics_path ?? '/metrics') === '/metrics').flatMap((job) => job.static_configs.flatMap((c) => c.targets));
    expect(targets).toEqual(expect.arrayContaining(appServices.map(({ name }) => `${name}:3000`)));
  });

  it('has Grafana provision its data sources and the dashboards of deploy/grafana', () => {
    const volumes = services.grafana.volumes!;
    expect(volumes).toContain('./deploy/grafana/provisioning:/etc/grafana/provisioning:ro');
    expect(volumes).toContain('./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro');
    const datasources = parse(readFileSync(join(root, 'deploy/grafana/provisioning/datasources/datasources.yml'), 'utf8')) as {
      datasources: { type: string; url: string; isDefault?: boolean }[];
    };
    expect(datasources.datasources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090', isDefault: true }),
        expect.objectContaining({ type: 'jaeger', url: 'http://jaeger:16686' }),
      ]),
    );
    const providers = parse(readFileSync(join(root, 'deploy/grafana/provisioning/dashboards/dashboards.yml'), 'utf8')) as {
      providers: { type: string; options: { path: string } }[];
    };
    expect(providers.providers).toEqual([expect.objectContaining({ type: 'file', options: expect.objectContaining({ path: '/var/lib/grafana/dashboards' }) })]);
  });

  it('sends traces to Jaeger over OTLP', () => {
    expect(services.jaeger.ports).toEqual(expect.arrayContaining(['4317:4317', '4318:4318']));
    for (const { name } of appServices) expect(environmentOf(name).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
  });
});

describe('Dockerfile', () => {
  const stages = stagesOf(dockerfile);

  it('builds on node:24-slim', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-slim$/m);
    expect(stages.get('base')).toMatch(/^FROM \$\{NODE_IMAGE\} AS base$/m);
  });

  it.each(['app', 'fakes'])('runs the %s image as the non-root node user under tini, with a health check', (stage) => {
    const text = stages.get(stage)!;
    expect(text).toMatch(/^FROM base AS/m);
    expect(text).toMatch(/^USER node$/m);
    expect(text).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(text).toMatch(/^HEALTHCHECK /m);
    expect(stages.get('base')).toMatch(/apt-get install -y --no-install-recommends tini/);
  });

  it('probes /health/live in the service image', () => {
    expect(stages.get('app')).toMatch(/HEALTHCHECK[^\n]*\\\n[^\n]*\/health\/live/);
  });

  it('ships only production dependencies', () => {
    expect(stages.get('prod-deps')).toContain('npm ci --omit=dev');
    expect(stages.get('app')).toContain('COPY --from=prod-deps /app/node_modules node_modules');
    expect(stages.get('app')).not.toMatch(/COPY --from=build \/app\/node_modules/);
  });

  it('keeps host build output and secrets out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.cache']));
    expect(ignored).toEqual(expect.arrayContaining(['!tests/fixtures/beatport', '!tests/fixtures/ytmusic']));
  });
});
