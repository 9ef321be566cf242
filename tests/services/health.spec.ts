// Every service starts as a hybrid app against the real Kafka and PostgreSQL and serves
// its health and metrics endpoints.
import { INestApplication } from '@nestjs/common';
import path from 'node:path';
import { loadConfig, startService } from '@charts-vibe/shared';
import { appUrl, createTestDatabase, serviceEnv, TestDatabase } from '@charts-vibe/shared/testing';
import * as chartProcessor from '../../services/chart-processor/src/app.module';
import * as chartProcessorConfig from '../../services/chart-processor/src/config';
import * as playlist from '../../services/playlist/src/app.module';
import * as playlistConfig from '../../services/playlist/src/config';
import * as scraper from '../../services/scraper/src/app.module';
import * as scraperConfig from '../../services/scraper/src/config';
import * as trackSearch from '../../services/track-search/src/app.module';
import * as trackSearchConfig from '../../services/track-search/src/config';

const services = [
  { module: scraper, config: scraperConfig, consumes: false },
  { module: chartProcessor, config: chartProcessorConfig, consumes: true },
  {
    module: trackSearch,
    config: trackSearchConfig,
    consumes: true,
    env: { SEARCH_PROVIDER: 'fixture', SEARCH_FIXTURE_FILE: path.join(__dirname, '../fixtures/search/every-track-matched.json') },
  },
  { module: playlist, config: playlistConfig, consumes: true },
];

describe.each(services)('the $config.SERVICE_NAME service', ({ module, config: serviceConfig, consumes, ...rest }) => {
  let db: TestDatabase;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const extraEnv = 'env' in rest ? (rest.env as Record<string, string>) : {};
    const config = loadConfig(serviceConfig.configSchema, serviceEnv(db.url, extraEnv));
    app = await startService({
      serviceName: serviceConfig.SERVICE_NAME,
      config,
      appModule: module.AppModule.forRoot(config as never),
      consumes,
      host: '127.0.0.1',
    });
    base = await appUrl(app);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers /health/live', async () => {
    const response = await fetch(`${base}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready once the database and Kafka answer', async () => {
    const response = await fetch(`${base}/health/ready`);
    const body = (await response.json()) as { info: Record<string, { status: string }> };
    expect(response.status).toBe(200);
    expect(body.info).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' } });
  });

  it('exposes Prometheus metrics, process metrics included', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await response.text()).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});
