// The Helm chart, checked without a cluster: `helm lint --strict`, `helm template` piped into
// `kubeconform -strict` against the committed schemas, and what the rendered manifests must say.
import { consumerGroupIdOf, loadConfig, Topics } from '@charts-vibe/shared';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  configSchema as chartProcessorConfig,
  SERVICE_NAME as CHART_PROCESSOR,
} from '../../services/chart-processor/src/config';
import { configSchema as playlistConfig, SERVICE_NAME as PLAYLIST } from '../../services/playlist/src/config';
import {
  cliConfigSchema as scrapeCommandConfig,
  configSchema as scraperConfig,
  SERVICE_NAME as SCRAPER,
} from '../../services/scraper/src/config';
import {
  configSchema as trackSearchConfig,
  SERVICE_NAME as TRACK_SEARCH,
} from '../../services/track-search/src/config';
import {
  byKind,
  chartDir,
  containerEnv,
  ensureTools,
  kubeconform,
  lint,
  Manifest,
  named,
  podSpecs,
  productionValues,
  RELEASE,
  render,
  removeScratch,
  renderNotes,
  schemasDir,
  template,
  Values,
} from './helm';

const DEFAULTS: Values = {};
const PRODUCTION: Values = { files: [productionValues] };
// Every credential given as a value (so the chart makes Secrets) and KEDA off (so CPU HPAs).
const SENTINELS = {
  databaseUrl: 'postgres://charts:sentinel-db-password@db.internal:5432/charts_vibe',
  apiToken: 'sentinel-api-token-0123456789',
  beatportToken: 'sentinel-beatport-token',
  youtubeSecret: 'sentinel-youtube-client-secret',
  youtubeRefresh: 'sentinel-youtube-refresh-token',
  cookies: 'sentinel-ytmusic-cookies',
  kafkaPassword: 'sentinel-kafka-password',
};
const CREDENTIAL_VALUES = [
  `database.url=${SENTINELS.databaseUrl}`,
  `apiToken.value=${SENTINELS.apiToken}`,
  `beatport.apiToken=${SENTINELS.beatportToken}`,
  'youtube.clientId=sentinel-youtube-client-id',
  `youtube.clientSecret=${SENTINELS.youtubeSecret}`,
  `youtube.refreshToken=${SENTINELS.youtubeRefresh}`,
  `ytmusic.cookies=${SENTINELS.cookies}`,
  'kafka.sasl.enabled=true',
  'kafka.sasl.username=charts-vibe',
  `kafka.sasl.password=${SENTINELS.kafkaPassword}`,
];
const CHART_SECRETS: Values = { set: [...CREDENTIAL_VALUES, 'trackSearch.autoscaling.keda.enabled=false'] };
const VALUE_SETS: [string, Values][] = [
  ['the default values', DEFAULTS],
  ['ci/production-values.yaml', PRODUCTION],
  ['credentials as values and KEDA off', CHART_SECRETS],
];
const SERVICES = [SCRAPER, CHART_PROCESSOR, TRACK_SEARCH, PLAYLIST];

const fullName = (service: string) => `${RELEASE}-${service}`;

// The first run builds helm and kubeconform from source: minutes, hence the timeout.
beforeAll(() => ensureTools(), 15 * 60_000);
afterAll(() => removeScratch());

describe('helm lint --strict', () => {
  it.each([
    ['the default values', DEFAULTS],
    ['ci/production-values.yaml', PRODUCTION],
  ])('passes with %s', (_, values) => {
    const result = lint(values);
    expect(result.stdout + result.stderr).toContain('0 chart(s) failed');
    expect(result.status).toBe(0);
  });
});

describe('helm template | kubeconform -strict', () => {
  it.each(VALUE_SETS)('renders only valid manifests, none skipped, with %s', (_, values) => {
    const rendered = template(values);
    expect(rendered.stderr).toBe('');
    const report = kubeconform(rendered.stdout);
    expect(report.problems).toEqual([]);
    expect(report.summary).toEqual({ valid: render(values).length, invalid: 0, errors: 0, skipped: 0 });
    expect(report.status).toBe(0);
  });

  it('has a committed schema for exactly the kinds the chart renders', () => {
    const kinds = new Set(VALUE_SETS.flatMap(([, values]) => render(values).map((m) => `${m.apiVersion} ${m.kind}`)));
    const fileOf = (apiVersion: string, kind: string) => {
      const [group, version] = apiVersion.split('/');
      return `${kind}-${version ? `${group.split('.')[0]}-${version}` : group}.json`.toLowerCase();
    };
    const expected = [...kinds].map((k) => fileOf(...(k.split(' ') as [string, string]))).sort();
    const committed = readdirSync(schemasDir)
      .filter((f) => f.endsWith('.json') && f !== 'sources.json')
      .sort();
    expect(committed).toEqual(expected);
  });
});

describe('hardened pods', () => {
  it.each(VALUE_SETS)('runs every container non-root, read-only, unprivileged and limited with %s', (_, values) => {
    const pods = podSpecs(render(values));
    expect(pods.map((p) => p.owner)).toEqual(expect.arrayContaining([expect.stringMatching(/^CronJob\//)]));
    for (const { owner, spec } of pods) {
      expect({ owner, runAsNonRoot: spec.securityContext?.runAsNonRoot }).toEqual({ owner, runAsNonRoot: true });
      expect({ owner, seccomp: spec.securityContext?.seccompProfile?.type }).toEqual({
        owner,
        seccomp: 'RuntimeDefault',
      });
      expect({ owner, automount: spec.automountServiceAccountToken }).toEqual({ owner, automount: false });
      expect(spec.volumes).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'tmp', emptyDir: expect.anything() })]),
      );
      for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
        const where = `${owner} ${container.name}`;
        const security = container.securityContext ?? {};
        expect({
          where,
          security: {
            runAsNonRoot: security.runAsNonRoot,
            readOnlyRootFilesystem: security.readOnlyRootFilesystem,
            allowPrivilegeEscalation: security.allowPrivilegeEscalation,
            drop: security.capabilities?.drop,
          },
        }).toEqual({
          where,
          security: {
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            drop: ['ALL'],
          },
        });
        expect({ where, limits: Object.keys(container.resources?.limits ?? {}).sort() }).toEqual({
          where,
          limits: ['cpu', 'memory'],
        });
        expect({
          where,
          tmp: container.volumeMounts?.find((m: { mountPath: string }) => m.mountPath === '/tmp')?.name,
        }).toEqual({ where, tmp: 'tmp' });
      }
    }
  });

  it('gives every service a ServiceAccount whose token is never mounted', () => {
    const manifests = render(DEFAULTS);
    for (const service of SERVICES) {
      expect(named(manifests, 'ServiceAccount', fullName(service)).automountServiceAccountToken).toBe(false);
      expect(named(manifests, 'Deployment', fullName(service)).spec.template.spec.serviceAccountName).toBe(
        fullName(service),
      );
    }
  });
});

describe('Deployments', () => {
  it.each(VALUE_SETS)('probe the health endpoints of every service with %s', (_, values) => {
    const deployments = byKind(render(values), 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(SERVICES.map(fullName).sort());
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      const probes = {
        startup: container.startupProbe?.httpGet,
        liveness: container.livenessProbe?.httpGet,
        readiness: container.readinessProbe?.httpGet,
      };
      expect({ name: deployment.metadata.name, probes }).toEqual({
        name: deployment.metadata.name,
        probes: {
          startup: { path: '/health/live', port: 'http' },
          liveness: { path: '/health/live', port: 'http' },
          readiness: { path: '/health/ready', port: 'http' },
        },
      });
    }
  });

  it('run each service with `node dist/main.js` in its folder of the image', () => {
    const manifests = render(DEFAULTS);
    for (const service of SERVICES) {
      const [container] = named(manifests, 'Deployment', fullName(service)).spec.template.spec.containers;
      expect(container.workingDir).toBe(`/app/services/${service}`);
      // args, not command: the image's tini entrypoint stays PID 1.
      expect(container.command).toBeUndefined();
      expect(container.args).toEqual(['node', 'dist/main.js']);
    }
  });

  it('roll their pods when the shared configuration changes', () => {
    const checksum = (values: Values) =>
      named(render(values), 'Deployment', fullName(TRACK_SEARCH)).spec.template.metadata.annotations['checksum/config'];
    expect(checksum({ set: ['config.logLevel=debug'] })).not.toBe(checksum(DEFAULTS));
    expect(checksum({ set: ['kafka.brokers=other:9092'] })).not.toBe(checksum(DEFAULTS));
  });

  it("pass a service's own env map through to its container only", () => {
    const manifests = render(PRODUCTION);
    expect(containerEnv(named(manifests, 'Deployment', fullName(TRACK_SEARCH))).get('SEARCH_CONCURRENCY')).toEqual({
      name: 'SEARCH_CONCURRENCY',
      value: '4',
    });
    expect(containerEnv(named(manifests, 'Deployment', fullName(PLAYLIST))).has('SEARCH_CONCURRENCY')).toBe(false);
  });

  it('leave the replica count to the autoscaler when one manages the service', () => {
    const manifests = render(DEFAULTS);
    expect(named(manifests, 'Deployment', fullName(TRACK_SEARCH)).spec.replicas).toBeUndefined();
    expect(named(manifests, 'Deployment', fullName(SCRAPER)).spec.replicas).toBe(1);
  });

  it('create every topic with 12 partitions by default', () => {
    const config = named(render(DEFAULTS), 'ConfigMap', `${RELEASE}-config`);
    expect(config.data.KAFKA_TOPIC_PARTITIONS).toBe('12');
  });
});

describe('service configuration', () => {
  const CONFIGS: [string, z.ZodObject][] = [
    [SCRAPER, scraperConfig],
    [CHART_PROCESSOR, chartProcessorConfig],
    [TRACK_SEARCH, trackSearchConfig],
    [PLAYLIST, playlistConfig],
  ];
  // What a container would see: the ConfigMap, its env with $(VAR) expanded, and Secret keys —
  // the value when the chart made the Secret, a stand-in of the right shape otherwise.
  function environmentOf(manifests: Manifest[], container: Manifest): Record<string, string> {
    const secrets = new Map(
      byKind(manifests, 'Secret').map((s) => [
        s.metadata.name,
        Object.fromEntries(
          Object.entries(s.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
        ),
      ]),
    );
    const standIns: Record<string, string> = {
      DATABASE_URL: 'postgres://charts_vibe:stand-in@postgres.databases:5432/charts_vibe',
      DATABASE_PASSWORD: 'stand-in',
    };
    const env: Record<string, string> = {};
    for (const from of container.envFrom ?? [])
      Object.assign(env, named(manifests, 'ConfigMap', from.configMapRef.name).data);
    for (const entry of container.env ?? []) {
      const ref = entry.valueFrom?.secretKeyRef;
      env[entry.name] = ref
        ? (secrets.get(ref.name)?.[ref.key] ?? standIns[entry.name] ?? 'stand-in-secret-value-0123456789')
        : String(entry.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole);
    }
    return env;
  }

  it.each(VALUE_SETS)('is accepted by every service and the scrape command with %s', (_, values) => {
    const manifests = render(values);
    for (const [service, schema] of CONFIGS) {
      const [container] = named(manifests, 'Deployment', fullName(service)).spec.template.spec.containers;
      expect(() => loadConfig(schema, environmentOf(manifests, container))).not.toThrow();
    }
    for (const cronJob of byKind(manifests, 'CronJob')) {
      const [container] = cronJob.spec.jobTemplate.spec.template.spec.containers;
      const env = environmentOf(manifests, container);
      expect(env.DATABASE_URL).toBeUndefined();
      expect(() => loadConfig(scrapeCommandConfig, env)).not.toThrow();
    }
  });

  it('names only variables the services read, in the shared ConfigMap and every env map of the values', () => {
    // Read outside the zod schemas: the topic prefix by topicName(), OTEL_* by the tracing setup.
    const readDirectly = (name: string) => name === 'KAFKA_TOPIC_PREFIX' || name.startsWith('OTEL_');
    const shared = Object.keys(named(render(PRODUCTION), 'ConfigMap', `${RELEASE}-config`).data);
    const keys = { scraper: SCRAPER, chartProcessor: CHART_PROCESSOR, trackSearch: TRACK_SEARCH, playlist: PLAYLIST };
    for (const file of [join(chartDir, 'values.yaml'), ...(PRODUCTION.files ?? [])]) {
      const values = parse(readFileSync(file, 'utf8'));
      for (const [key, service] of Object.entries(keys)) {
        const known = Object.keys(CONFIGS.find(([name]) => name === service)![1].shape);
        const unknown = [...shared, ...Object.keys(values[key]?.env ?? {})].filter(
          (n) => !known.includes(n) && !readDirectly(n),
        );
        expect({ file, service, unknown }).toEqual({ file, service, unknown: [] });
      }
    }
  });

  it('refuses a service env entry that would shadow a variable the chart derives', () => {
    const result = template({ set: ['trackSearch.env.KAFKA_GROUP_ID=other'] });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'trackSearch.env.KAFKA_GROUP_ID: the chart sets KAFKA_GROUP_ID from trackSearch.consumerGroup',
    );
  });

  it('gives the playlist service a writable folder for its file output', () => {
    const deployment = named(render(DEFAULTS), 'Deployment', fullName(PLAYLIST));
    const [container] = deployment.spec.template.spec.containers;
    const dir = containerEnv(deployment).get('PLAYLIST_OUTPUT_DIR')?.value;
    const mount = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === dir);
    expect(mount).toBeDefined();
    expect(
      deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name).emptyDir,
    ).toBeDefined();
  });
});

describe('KEDA autoscaling of track-search', () => {
  it('watches the consumer group track-search really joins, on track.requested', () => {
    const manifests = render(DEFAULTS);
    const [trigger] = named(manifests, 'ScaledObject', fullName(TRACK_SEARCH)).spec.triggers;
    expect(trigger.type).toBe('kafka');
    expect(trigger.metadata.consumerGroup).toBe(consumerGroupIdOf(TRACK_SEARCH));
    expect(trigger.metadata.topic).toBe(Topics.trackRequested);
    // The group the service is configured with is the one the trigger is derived from.
    expect(containerEnv(named(manifests, 'Deployment', fullName(TRACK_SEARCH))).get('KAFKA_GROUP_ID')?.value).toBe(
      TRACK_SEARCH,
    );
  });

  it('follows the topic prefix into the group and the topic', () => {
    const manifests = render({ set: ['kafka.topicPrefix=blue.'] });
    const [trigger] = named(manifests, 'ScaledObject', fullName(TRACK_SEARCH)).spec.triggers;
    expect(trigger.metadata.consumerGroup).toBe(consumerGroupIdOf(`blue.${TRACK_SEARCH}`));
    expect(trigger.metadata.topic).toBe(`blue.${Topics.trackRequested}`);
    expect(containerEnv(named(manifests, 'Deployment', fullName(TRACK_SEARCH))).get('KAFKA_GROUP_ID')?.value).toBe(
      `blue.${TRACK_SEARCH}`,
    );
  });

  it('scales every consumer on its own group and topic', () => {
    const manifests = render(PRODUCTION);
    const consumers: [string, string][] = [
      [CHART_PROCESSOR, Topics.chartScraped],
      [TRACK_SEARCH, Topics.trackRequested],
      [PLAYLIST, Topics.jobCompleted],
    ];
    for (const [service, topic] of consumers) {
      const [trigger] = named(manifests, 'ScaledObject', fullName(service)).spec.triggers;
      expect({ service, group: trigger.metadata.consumerGroup, topic: trigger.metadata.topic }).toEqual({
        service,
        group: consumerGroupIdOf(service),
        topic,
      });
    }
  });

  it.each([
    ['the default values', DEFAULTS],
    ['ci/production-values.yaml', PRODUCTION],
  ])('keeps maxReplicaCount within the partitions of the topic with %s', (_, values) => {
    const manifests = render(values);
    const partitions = Number(named(manifests, 'ConfigMap', `${RELEASE}-config`).data.KAFKA_TOPIC_PARTITIONS);
    const scaled = byKind(manifests, 'ScaledObject');
    expect(scaled.length).toBeGreaterThan(0);
    for (const object of scaled) {
      expect(object.spec.maxReplicaCount).toBeLessThanOrEqual(partitions);
      expect(object.spec.minReplicaCount).toBe(1);
      const metadata = object.spec.triggers[0].metadata;
      expect(metadata).toEqual(
        expect.objectContaining({
          offsetResetPolicy: 'earliest',
          limitToPartitionsWithLag: 'true',
          activationLagThreshold: '0',
        }),
      );
      expect(Number(metadata.lagThreshold)).toBeGreaterThan(0);
    }
  });

  it('refuses maxReplicaCount 50 with 12 partitions', () => {
    const result = template({ set: ['trackSearch.autoscaling.keda.maxReplicaCount=50'] });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'trackSearch.autoscaling.keda.maxReplicaCount (50) exceeds kafka.topicPartitions (12)',
    );
  });

  it('refuses a CPU autoscaler that could outgrow the partitions too', () => {
    const result = template({
      set: ['trackSearch.autoscaling.keda.enabled=false', 'trackSearch.autoscaling.hpa.maxReplicas=20'],
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('trackSearch.autoscaling.hpa.maxReplicas (20) exceeds kafka.topicPartitions (12)');
  });

  it("authenticates the Kafka trigger with the services' SASL user and CA", () => {
    const manifests = render(PRODUCTION);
    const trigger = named(manifests, 'ScaledObject', fullName(TRACK_SEARCH)).spec.triggers[0];
    expect(trigger.metadata).toEqual(expect.objectContaining({ sasl: 'scram_sha512', tls: 'enable' }));
    const auth = named(manifests, 'TriggerAuthentication', trigger.authenticationRef.name);
    expect(auth.spec.secretTargetRef).toEqual([
      { parameter: 'password', name: 'charts-vibe', key: 'password' },
      { parameter: 'ca', name: 'pipeline-cluster-ca-cert', key: 'ca.crt' },
    ]);
    expect(auth.spec.env).toEqual([{ parameter: 'username', name: 'KAFKA_SASL_USERNAME' }]);
  });

  it('falls back to a CPU HorizontalPodAutoscaler when KEDA is off', () => {
    const manifests = render(CHART_SECRETS);
    expect(byKind(manifests, 'ScaledObject')).toEqual([]);
    const hpa = named(manifests, 'HorizontalPodAutoscaler', fullName(TRACK_SEARCH));
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: fullName(TRACK_SEARCH),
    });
    expect(hpa.spec.metrics[0].resource).toEqual({
      name: 'cpu',
      target: { type: 'Utilization', averageUtilization: 70 },
    });
  });
});

describe('scrape CronJobs', () => {
  it('schedule one CronJob per chart that never overlaps itself', () => {
    const cronJobs = byKind(render(PRODUCTION), 'CronJob');
    const summary = cronJobs.map((cj: Manifest) => {
      const [container] = cj.spec.jobTemplate.spec.template.spec.containers;
      return {
        name: cj.metadata.name,
        schedule: cj.spec.schedule,
        timeZone: cj.spec.timeZone,
        concurrencyPolicy: cj.spec.concurrencyPolicy,
        command: container.command,
        args: container.args,
        workingDir: container.workingDir,
      };
    });
    expect(summary).toEqual([
      {
        name: `${RELEASE}-scrape-top-100`,
        schedule: '0 6 * * *',
        timeZone: 'Europe/Kyiv',
        concurrencyPolicy: 'Forbid',
        command: undefined,
        args: ['node', 'dist/main.js', 'scrape', 'top-100'],
        workingDir: '/app/services/scraper',
      },
      {
        name: `${RELEASE}-scrape-psytrance`,
        schedule: '30 6 * * 1',
        timeZone: 'Europe/Kyiv',
        concurrencyPolicy: 'Forbid',
        command: undefined,
        args: ['node', 'dist/main.js', 'scrape', 'genre:13'],
        workingDir: '/app/services/scraper',
      },
    ]);
    for (const cj of cronJobs) {
      expect(cj.spec.startingDeadlineSeconds).toBeGreaterThan(0);
      expect(cj.spec.successfulJobsHistoryLimit).toBeGreaterThanOrEqual(0);
      expect(cj.spec.failedJobsHistoryLimit).toBeGreaterThanOrEqual(0);
      expect(cj.spec.jobTemplate.spec.backoffLimit).toBeGreaterThanOrEqual(0);
      expect(cj.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      expect(cj.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    }
  });

  it("give the scrape the scraper's configuration and credentials", () => {
    const manifests = render(PRODUCTION);
    const [cronJob] = byKind(manifests, 'CronJob');
    const [container] = cronJob.spec.jobTemplate.spec.template.spec.containers;
    const env = new Map(container.env.map((e: { name: string }) => [e.name, e]));
    expect(env.get('BEATPORT_BASE_URL')).toEqual({ name: 'BEATPORT_BASE_URL', value: 'https://www.beatport.com' });
    expect(env.get('BEATPORT_API_TOKEN')).toEqual({
      name: 'BEATPORT_API_TOKEN',
      valueFrom: { secretKeyRef: { name: 'charts-vibe-beatport', key: 'BEATPORT_API_TOKEN' } },
    });
    expect(container.envFrom).toEqual([{ configMapRef: { name: `${RELEASE}-config` } }]);
    // Not selected by the scraper Service or its PodDisruptionBudget.
    expect(cronJob.spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('scrape-job');
  });

  it('refuse a scheduled chart without a schedule', () => {
    const result = template({ set: ['charts[0].name=top-100'] });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/charts\/0.*missing property 'schedule'/);
  });

  it('refuse a schedule that is not a cron expression', () => {
    const result = template({ set: ['charts[0].name=top-100', 'charts[0].schedule=daily'] });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('/charts/0/schedule');
  });
});

describe('secrets', () => {
  it('renders no Secret and no secret value when every credential comes from an existing Secret', () => {
    const rendered = template({ files: PRODUCTION.files, set: CREDENTIAL_VALUES });
    expect(rendered.status).toBe(0);
    const manifests = render({ files: PRODUCTION.files, set: CREDENTIAL_VALUES });
    expect(byKind(manifests, 'Secret')).toEqual([]);
    for (const value of Object.values(SENTINELS)) {
      expect(rendered.stdout).not.toContain(value);
      expect(rendered.stdout).not.toContain(Buffer.from(value).toString('base64'));
    }
    const env = containerEnv(named(manifests, 'Deployment', fullName(PLAYLIST)));
    expect(env.get('DATABASE_URL')?.valueFrom).toEqual({
      secretKeyRef: { name: 'charts-vibe-database', key: 'DATABASE_URL' },
    });
    expect(env.get('YOUTUBE_REFRESH_TOKEN')?.valueFrom).toEqual({
      secretKeyRef: { name: 'charts-vibe-youtube', key: 'YOUTUBE_REFRESH_TOKEN' },
    });
  });

  it('keeps credentials given as values in Secrets, out of every other manifest', () => {
    const manifests = render(CHART_SECRETS);
    const secrets = byKind(manifests, 'Secret');
    const stored = new Map(
      secrets.flatMap((s) =>
        Object.entries(s.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
      ),
    );
    expect(stored.get('DATABASE_URL')).toBe(SENTINELS.databaseUrl);
    expect(stored.get('YOUTUBE_REFRESH_TOKEN')).toBe(SENTINELS.youtubeRefresh);
    expect(stored.get('password')).toBe(SENTINELS.kafkaPassword);
    const others = JSON.stringify(manifests.filter((m) => m.kind !== 'Secret'));
    for (const value of Object.values(SENTINELS)) expect(others).not.toContain(value);
    // Each service gets only the credentials it uses.
    expect(containerEnv(named(manifests, 'Deployment', fullName(PLAYLIST))).has('YOUTUBE_REFRESH_TOKEN')).toBe(true);
    expect(containerEnv(named(manifests, 'Deployment', fullName(TRACK_SEARCH))).has('YOUTUBE_REFRESH_TOKEN')).toBe(
      false,
    );
    expect(containerEnv(named(manifests, 'Deployment', fullName(SCRAPER))).has('BEATPORT_API_TOKEN')).toBe(true);
  });

  it('assembles the database URL in the pod from a password Secret by default', () => {
    const env = containerEnv(named(render(DEFAULTS), 'Deployment', fullName(CHART_PROCESSOR)));
    expect(env.get('DATABASE_PASSWORD')?.valueFrom).toEqual({ secretKeyRef: { name: 'postgresql', key: 'password' } });
    expect(env.get('DATABASE_URL')?.value).toBe(
      'postgres://charts_vibe:$(DATABASE_PASSWORD)@postgresql:5432/charts_vibe',
    );
    const names = [...env.keys()];
    expect(names.indexOf('DATABASE_PASSWORD')).toBeLessThan(names.indexOf('DATABASE_URL'));
  });

  it('refuses an API token shorter than the services accept', () => {
    const result = template({ set: ['apiToken.value=short'] });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('/apiToken/value');
    expect(result.stderr).not.toContain("'short'");
  });
});

describe('migrations', () => {
  it('run as a pre-install,pre-upgrade hook Job with retries and a deadline', () => {
    const job = named(render(PRODUCTION), 'Job', `${RELEASE}-migrations`);
    expect(job.metadata.annotations).toEqual({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-weight': '0',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
    expect(job.spec.backoffLimit).toBe(2);
    expect(job.spec.activeDeadlineSeconds).toBe(600);
    const [container] = job.spec.template.spec.containers;
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(['node', 'libs/shared/dist/database/migrate.cli.js']);
    expect(container.workingDir).toBe('/app');
    expect(container.env).toEqual([
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'charts-vibe-database', key: 'DATABASE_URL' } } },
    ]);
  });

  it('read a chart-held URL from a hook Secret that exists before the Job', () => {
    const manifests = render(CHART_SECRETS);
    const hookSecret = named(manifests, 'Secret', `${RELEASE}-migrations`);
    expect(hookSecret.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(Number(hookSecret.metadata.annotations['helm.sh/hook-weight'])).toBeLessThan(0);
    const [container] = named(manifests, 'Job', `${RELEASE}-migrations`).spec.template.spec.containers;
    expect(container.env[0].valueFrom.secretKeyRef.name).toBe(`${RELEASE}-migrations`);
  });
});

describe('network policies', () => {
  it('confine every service and Job to the peers it needs', () => {
    const manifests = render(PRODUCTION);
    const policies = byKind(manifests, 'NetworkPolicy');
    const policyOf = (component: string) =>
      policies.find((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/component'] === component);
    for (const service of SERVICES) {
      const labels = named(manifests, 'Deployment', fullName(service)).spec.template.metadata.labels;
      const policy = policyOf(service);
      expect(policy?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      for (const [key, value] of Object.entries(policy?.spec.podSelector.matchLabels ?? {}))
        expect(labels[key]).toBe(value);
    }
    expect(policyOf('scrape-job')).toBeDefined();
    expect(policyOf('migrations')).toBeDefined();
    const internet = (component: string) =>
      policyOf(component)?.spec.egress.some((rule: { to?: { ipBlock?: unknown }[] }) =>
        rule.to?.some((peer) => peer.ipBlock),
      );
    expect(internet(CHART_PROCESSOR)).toBe(false);
    expect(internet('migrations')).toBe(false);
    expect(internet(SCRAPER)).toBe(true);
    expect(internet(TRACK_SEARCH)).toBe(true);
    expect(internet(PLAYLIST)).toBe(true);
    const kafkaRule = policyOf(TRACK_SEARCH)?.spec.egress.find(
      (rule: { ports: { port: number }[] }) => rule.ports[0].port === 9093,
    );
    expect(kafkaRule.to[0].podSelector.matchLabels).toEqual({ 'strimzi.io/cluster': 'pipeline' });
  });
});

describe('monitoring', () => {
  it("scrapes every service's /metrics and ships the alerts and dashboards", () => {
    const manifests = render(PRODUCTION);
    const monitor = named(manifests, 'ServiceMonitor', RELEASE);
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
    for (const service of SERVICES) {
      const svc = named(manifests, 'Service', fullName(service));
      for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels))
        expect(svc.metadata.labels[key]).toBe(value);
    }
    // The chart's rules and dashboards are the ones tests/observability checks against /metrics.
    const repo = join(__dirname, '../..');
    const alertsFile = parse(readFileSync(join(repo, 'deploy/prometheus/alerts.yml'), 'utf8'));
    expect(readFileSync(join(repo, 'deploy/helm/charts-vibe/files/alerts.yml'), 'utf8')).toBe(
      readFileSync(join(repo, 'deploy/prometheus/alerts.yml'), 'utf8'),
    );
    expect(named(manifests, 'PrometheusRule', RELEASE).spec.groups).toEqual(alertsFile.groups);
    const dashboards = named(manifests, 'ConfigMap', `${RELEASE}-dashboards`);
    expect(dashboards.metadata.labels.grafana_dashboard).toBe('1');
    for (const json of Object.values(dashboards.data as Record<string, string>))
      expect(JSON.parse(json).panels.length).toBeGreaterThan(0);
    const grafanaDir = join(repo, 'deploy/grafana/dashboards');
    const shipped = Object.fromEntries(
      readdirSync(grafanaDir).map((file) => [file, JSON.parse(readFileSync(join(grafanaDir, file), 'utf8'))]),
    );
    const rendered = Object.fromEntries(
      Object.entries(dashboards.data as Record<string, string>).map(([file, json]) => [file, JSON.parse(json)]),
    );
    expect(rendered).toEqual(shipped);
  });
});

describe('NOTES.txt', () => {
  it('tells how to trigger a scrape, reach the jobs API and see the autoscaler', () => {
    const notes = renderNotes(PRODUCTION);
    expect(notes).toContain(`kubectl -n pipeline create job --from=cronjob/${RELEASE}-scrape-top-100`);
    expect(notes).toContain(`kubectl -n pipeline create job --from=cronjob/${RELEASE}-scrape-psytrance`);
    expect(notes).toContain(`port-forward svc/${RELEASE}-chart-processor`);
    expect(notes).toContain('curl localhost:8082/jobs');
    expect(notes).toContain(`group "${consumerGroupIdOf(TRACK_SEARCH)}"`);
  });
});
