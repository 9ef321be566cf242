// The CLI reads the same environment as the services (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX,
// API_TOKEN), plus where the services' HTTP APIs are. The defaults are the host ports of
// docker-compose.yml and of `npm start -- --keep-running`.
import { baseConfigShape, loadConfig } from '@charts-vibe/shared';
import { z } from 'zod';

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((value) => value.replace(/\/+$/, ''));

export const DEFAULT_SERVICE_PORTS = { scraper: 3001, 'chart-processor': 3002, 'track-search': 3003, playlist: 3004 } as const;

export const apiConfigSchema = z.object({
  SCRAPER_URL: httpUrl.default(`http://127.0.0.1:${DEFAULT_SERVICE_PORTS.scraper}`),
  CHART_PROCESSOR_URL: httpUrl.default(`http://127.0.0.1:${DEFAULT_SERVICE_PORTS['chart-processor']}`),
  API_TOKEN: baseConfigShape.API_TOKEN,
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const kafkaConfigSchema = z.object({ KAFKA_BROKERS: baseConfigShape.KAFKA_BROKERS });

export function apiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  return loadConfig(apiConfigSchema, env);
}

export function kafkaBrokers(env: NodeJS.ProcessEnv): string[] {
  return loadConfig(kafkaConfigSchema, env).KAFKA_BROKERS;
}
