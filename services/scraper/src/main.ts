// Tracing first: it patches kafkajs, pg and http before anything below requires them.
import '@charts-vibe/shared/tracing';
import 'reflect-metadata';
import { flushTracing, loadConfig, runMain, startService } from '@charts-vibe/shared';
import { AppModule } from './app.module';
import { runScrapeCommand } from './cli';
import { configSchema, SERVICE_NAME } from './config';

if (process.argv[2] === 'scrape') {
  // The CronJob: `node dist/main.js scrape <chart>`.
  void runScrapeCommand(process.argv.slice(3))
    .catch((error: unknown) => {
      console.error(`scrape failed: ${(error as Error).stack ?? error}`);
      return 1;
    })
    // process.exit drops buffered spans: export the run's trace first.
    .then(async (code) => {
      await flushTracing();
      process.exit(code);
    });
} else {
  runMain(async () => {
    const config = loadConfig(configSchema);
    await startService({ serviceName: SERVICE_NAME, config, appModule: AppModule.forRoot(config), consumes: false });
  });
}
