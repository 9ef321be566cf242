// Tracing first: it patches kafkajs, pg and http before anything below requires them.
import '@charts-vibe/shared/tracing';
import 'reflect-metadata';
import { loadConfig, runMain, startService } from '@charts-vibe/shared';
import { AppModule } from './app.module';
import { configSchema, SERVICE_NAME } from './config';

runMain(async () => {
  const config = loadConfig(configSchema);
  await startService({ serviceName: SERVICE_NAME, config, appModule: AppModule.forRoot(config), consumes: true });
});
