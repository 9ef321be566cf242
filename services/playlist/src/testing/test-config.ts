// Test helper: the service's configuration for a test database, pointed at a fake YouTube
// Data API when one is given (no credentials otherwise: the file output).
import { loadConfig } from '@charts-vibe/shared';
import { serviceEnv } from '@charts-vibe/shared/testing';
import { configSchema, ServiceConfig } from '../config';

export interface FakeEndpoints {
  rootUrl: string;
  tokenUrl: string;
}

export const TEST_CREDENTIALS = { clientId: 'charts-vibe-test.apps.googleusercontent.com', clientSecret: 'test-secret', refreshToken: 'test-refresh-token' };

export function testEnv(databaseUrl: string, youtube: FakeEndpoints | null, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return serviceEnv(databaseUrl, {
    ...(youtube
      ? {
          YOUTUBE_CLIENT_ID: TEST_CREDENTIALS.clientId,
          YOUTUBE_CLIENT_SECRET: TEST_CREDENTIALS.clientSecret,
          YOUTUBE_REFRESH_TOKEN: TEST_CREDENTIALS.refreshToken,
          YOUTUBE_API_ROOT_URL: youtube.rootUrl,
          YOUTUBE_OAUTH_TOKEN_URL: youtube.tokenUrl,
        }
      : {}),
    YOUTUBE_RETRY_INITIAL_MS: '5',
    YOUTUBE_RETRY_MAX_MS: '20',
    ...extra,
  });
}

export function testConfig(databaseUrl: string, youtube: FakeEndpoints | null, extra: Record<string, string> = {}): ServiceConfig {
  return loadConfig(configSchema, testEnv(databaseUrl, youtube, extra));
}

/** A clock the test moves by hand (past a quota reset, say). */
export class ManualClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
}
