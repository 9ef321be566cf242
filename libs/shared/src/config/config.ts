// Environment variables validated with zod at start: a wrong or missing value stops
// the process with a message that names the variable.
import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
  }
}

const brokerList = z
  .string()
  .trim()
  .min(1)
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port[,host:port…]')).min(1));

const postgresUrl = z
  .string()
  .trim()
  .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// connection URL');

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));

/** Settings every service shares. */
export const baseConfigShape = {
  KAFKA_BROKERS: brokerList,
  DATABASE_URL: postgresUrl,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: booleanFlag.optional(),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  KAFKA_CLIENT_ID: z.string().trim().min(1).optional(),
  /** The configured consumer group; the NestJS transport appends `-server` to it. */
  KAFKA_GROUP_ID: z.string().trim().min(1).optional(),
  KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Messages of one partition handled at once (1: strictly one after another). Above 1 only
   * for services whose messages are independent and idempotent (track-search).
   */
  KAFKA_MESSAGES_CONCURRENTLY: z.coerce.number().int().min(1).max(1_000).default(1),
  /** How long the group waits for a silent member (a killed pod) before moving its partitions. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_SSL: booleanFlag.default(false),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  CONSUMER_RETRY_INITIAL_MS: z.coerce.number().int().min(0).max(60_000).default(200),
  CONSUMER_RETRY_MAX_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  OUTBOX_RELAY_ENABLED: booleanFlag.default(true),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  MIGRATE_ON_START: booleanFlag.default(false),
};

export const baseConfigSchema = z.object(baseConfigShape);
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Parses `env` against `schema`; throws a ConfigError naming every bad variable. */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  // An empty string means "unset", as in a compose file's `FOO=` line.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
    })),
  );
}
