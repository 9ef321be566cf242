// `npm run youtube:auth`: walks through the OAuth consent and prints the refresh token to
// put in the YOUTUBE_REFRESH_TOKEN secret. The token goes to stdout only (nothing is logged);
// the guidance goes to stderr, so `… > token.txt` captures just the token line.
import 'reflect-metadata';
import { ConfigError, loadConfig } from '@charts-vibe/shared';
import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { runConsentFlow } from './consent-flow';

const authConfigSchema = z.object({
  YOUTUBE_CLIENT_ID: z.string().trim().min(1),
  YOUTUBE_CLIENT_SECRET: z.string().trim().min(1),
  YOUTUBE_OAUTH_REDIRECT_URI: z.url().default('http://127.0.0.1:8085/'),
  YOUTUBE_OAUTH_TOKEN_URL: z.url().optional(),
});

async function main(): Promise<void> {
  const config = loadConfig(authConfigSchema);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const refreshToken = await runConsentFlow({
      clientId: config.YOUTUBE_CLIENT_ID,
      clientSecret: config.YOUTUBE_CLIENT_SECRET,
      redirectUri: config.YOUTUBE_OAUTH_REDIRECT_URI,
      tokenUrl: config.YOUTUBE_OAUTH_TOKEN_URL,
      ask: (question) => prompt.question(question),
      tell: (text) => process.stderr.write(`${text}\n`),
    });
    process.stderr.write('\nDone. Store this as YOUTUBE_REFRESH_TOKEN (a Secret, never a ConfigMap):\n');
    process.stdout.write(`YOUTUBE_REFRESH_TOKEN=${refreshToken}\n`);
  } finally {
    prompt.close();
  }
}

main().catch((error: unknown) => {
  // The message only: a token-exchange error carries the request (client secret, code) in its fields.
  const message = error instanceof ConfigError ? error.message : `youtube:auth failed: ${(error as Error).message}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
