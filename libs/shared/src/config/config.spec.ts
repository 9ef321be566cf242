import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig } from './config';

const minimal = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://u:p@localhost:5432/db' };

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(baseConfigSchema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fails fast naming a missing required variable', () => {
    expect(problemsOf({ DATABASE_URL: minimal.DATABASE_URL })).toBe('invalid configuration: KAFKA_BROKERS is required');
  });

  it('names every bad variable at once', () => {
    const message = problemsOf({ KAFKA_BROKERS: 'localhost', DATABASE_URL: 'mysql://x', HTTP_PORT: 'eighty' });
    expect(message).toMatch(/KAFKA_BROKERS/);
    expect(message).toMatch(/DATABASE_URL must be a postgres:\/\/ connection URL/);
    expect(message).toMatch(/HTTP_PORT/);
  });

  it('treats an empty value as unset', () => {
    expect(problemsOf({ ...minimal, KAFKA_BROKERS: '' })).toMatch(/KAFKA_BROKERS is required/);
  });

  it('applies defaults and parses lists, numbers and flags', () => {
    const config = loadConfig(baseConfigSchema, { ...minimal, KAFKA_BROKERS: 'a:1, b:2', OUTBOX_RELAY_ENABLED: 'false' });
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.KAFKA_TOPIC_PARTITIONS).toBe(6);
    expect(config.OUTBOX_RELAY_ENABLED).toBe(false);
  });

  it('validates service-specific variables through the same path', () => {
    const schema = baseConfigSchema.extend({ SEARCH_RATE_PER_SECOND: z.coerce.number().positive() });
    expect(() => loadConfig(schema, { ...minimal, SEARCH_RATE_PER_SECOND: '-1' })).toThrow(/SEARCH_RATE_PER_SECOND/);
  });
});
