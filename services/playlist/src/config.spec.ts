import { ConfigError, loadConfig } from '@charts-vibe/shared';
import { configSchema, playlistModeFor, youtubeCredentialsOf } from './config';

const base = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(configSchema, { ...base, ...env });
  } catch (error) {
    return (error as ConfigError).problems.map((p) => `${p.variable} ${p.message}`);
  }
  return [];
}

describe('the playlist configuration', () => {
  it('defaults to sync mode and file output when no credentials are given', () => {
    const config = loadConfig(configSchema, base);
    expect(youtubeCredentialsOf(config)).toBeNull();
    expect(playlistModeFor(config, 'beatport:top-100')).toBe('sync');
    expect(config.YOUTUBE_DAILY_QUOTA_UNITS).toBe(10_000);
  });

  it('takes the mode per chart ref', () => {
    const config = loadConfig(configSchema, { ...base, PLAYLIST_MODE_BY_CHART: 'beatport:top-100=create, beatport:genre:5=sync', PLAYLIST_MODE: 'create' });
    expect(playlistModeFor(config, 'beatport:top-100')).toBe('create');
    expect(playlistModeFor(config, 'beatport:genre:5')).toBe('sync');
    expect(playlistModeFor(config, 'beatport:hype-100')).toBe('create');
  });

  it('names the credential variables that are missing when only some are set', () => {
    expect(problemsOf({ YOUTUBE_CLIENT_ID: 'id' })).toEqual([
      'YOUTUBE_CLIENT_SECRET is required when YOUTUBE_CLIENT_ID is set',
      'YOUTUBE_REFRESH_TOKEN is required when YOUTUBE_CLIENT_ID is set',
    ]);
  });

  it.each([
    [{ PLAYLIST_MODE_BY_CHART: 'beatport:top-100=weekly' }, /PLAYLIST_MODE_BY_CHART "beatport:top-100=weekly" must look like/],
    [{ PLAYLIST_TITLE_TEMPLATE: '{chart} {week}' }, /PLAYLIST_TITLE_TEMPLATE may only use \{chart\}, \{date\}, \{ref\}/],
    [{ PLAYLIST_PRIVACY: 'secret' }, /PLAYLIST_PRIVACY/],
    [{ YOUTUBE_API_ROOT_URL: 'not a url' }, /YOUTUBE_API_ROOT_URL/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(problemsOf(env).join('; ')).toMatch(message);
  });
});
