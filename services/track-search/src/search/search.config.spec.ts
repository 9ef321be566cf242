import { baseConfigSchema, loadConfig } from '@charts-vibe/shared';
import { searchConfigSchema, searchConfigShape, thresholdsOf } from './search.config';

describe('search config', () => {
  it('defaults to YouTube Music itself and the matcher thresholds', () => {
    const config = searchConfigSchema.parse({});
    expect(config).toMatchObject({ YTMUSIC_BASE_URL: 'https://music.youtube.com/', YTMUSIC_GL: 'US', YTMUSIC_TIMEOUT_MS: 10_000 });
    expect(config.YTMUSIC_COOKIES).toBeUndefined();
    expect(thresholdsOf(config)).toEqual({ acceptThreshold: 0.78, reviewThreshold: 0.5, minMargin: 0.05 });
  });

  it('merges into the service config and names a bad variable', () => {
    const schema = baseConfigSchema.extend(searchConfigShape);
    const env = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://u:p@localhost:5432/db' };
    expect(loadConfig(schema, { ...env, YTMUSIC_BASE_URL: 'http://127.0.0.1:4010/', MATCH_ACCEPT_THRESHOLD: '0.9' })).toMatchObject({
      YTMUSIC_BASE_URL: 'http://127.0.0.1:4010/',
      MATCH_ACCEPT_THRESHOLD: 0.9,
    });
    expect(() => loadConfig(schema, { ...env, YTMUSIC_BASE_URL: 'ftp://example.com' })).toThrow(/YTMUSIC_BASE_URL/);
    expect(() => loadConfig(schema, { ...env, MATCH_MIN_MARGIN: '2' })).toThrow(/MATCH_MIN_MARGIN/);
    expect(() => loadConfig(schema, { ...env, YTMUSIC_GL: 'usa' })).toThrow(/YTMUSIC_GL must be a two-letter country code/);
  });

  it('refuses a review threshold above the acceptance threshold', () => {
    expect(() => loadConfig(searchConfigSchema, { MATCH_ACCEPT_THRESHOLD: '0.6', MATCH_REVIEW_THRESHOLD: '0.7' })).toThrow(
      /MATCH_REVIEW_THRESHOLD must not be above MATCH_ACCEPT_THRESHOLD/,
    );
  });
});
