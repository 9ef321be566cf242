// `node dist/main.js scrape <chart>` — the CronJob's entry point: read one chart, publish
// chart.scraped, wait for Kafka's acknowledgement, exit. Exit codes: 0 published,
// 1 the scrape or the publish failed (nothing published), 2 bad usage or configuration.
import {
  ConfigError,
  createKafka,
  ensureTopics,
  KafkaPublisher,
  loadConfig,
  createLogger,
  secretValuesOf,
  Topics,
} from '@charts-vibe/shared';
import { hostname } from 'node:os';
import { CliConfig, cliConfigSchema, SERVICE_NAME } from './config';
import { resolveChart } from './beatport/chart-catalog';
import { BeatportError, ChartPublishError, NoSourceForChartError, UnknownChartError } from './beatport/errors';
import { buildChartScrapeService } from './beatport/scrape.service';

const USAGE =
  'usage: node dist/main.js scrape <chart>   (top-100, hype-100, genre:<slug-or-id>, genre-hype:<slug-or-id>, or a https://www.beatport.com chart URL)';

export async function runScrapeCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  let config: CliConfig;
  try {
    config = loadConfig(cliConfigSchema, env);
    resolveChart(args[0]);
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof UnknownChartError)) throw error;
    console.error(error.message);
    return 2;
  }

  const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL, config.LOG_PRETTY, secretValuesOf(config));
  const kafka = createKafka(config.KAFKA_BROKERS, config.KAFKA_CLIENT_ID ?? `${SERVICE_NAME}-cli-${hostname()}`);
  const publisher = new KafkaPublisher(kafka);
  try {
    await ensureTopics(kafka, { partitions: config.KAFKA_TOPIC_PARTITIONS, topics: [Topics.chartScraped] });
    await buildChartScrapeService(config, publisher, logger).scrapeAndPublish(args[0]);
    return 0;
  } catch (error) {
    if (error instanceof NoSourceForChartError) {
      logger.error(error.message);
      return 2;
    }
    // A failed scrape or publish was logged where it happened (with its reason); anything else was not.
    if (!(error instanceof BeatportError || error instanceof ChartPublishError))
      logger.error({ err: error }, 'scrape command failed');
    return 1;
  } finally {
    // Resolves once the producer has disconnected: every acknowledged message is on the broker.
    await publisher.onApplicationShutdown();
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
  }
}
