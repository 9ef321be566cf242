// The OAuth consent walk-through behind `npm run youtube:auth`: prints the consent URL,
// takes the code Google hands back (or the whole address it redirected to), exchanges it
// and returns the refresh token for the YOUTUBE_REFRESH_TOKEN secret.
import { google } from 'googleapis';

export const YOUTUBE_SCOPE = 'https://www.googleapis.com/auth/youtube';

export interface ConsentFlowOptions {
  clientId: string;
  clientSecret: string;
  /** Must be one of the OAuth client's redirect URIs (a loopback address for a desktop client). */
  redirectUri: string;
  tokenUrl?: string;
  /** Asks the user a question, resolves with the answer. */
  ask(question: string): Promise<string>;
  /** Guidance for the user (never a token). */
  tell(text: string): void;
}

export class ConsentError extends Error {
  override readonly name = 'ConsentError';
}

/** The `code` in what the user pasted: the code itself or the address the browser was sent to. */
export function authorizationCodeOf(answer: string): string {
  const text = answer.trim();
  if (/^https?:\/\//.test(text)) {
    const url = new URL(text);
    const error = url.searchParams.get('error');
    if (error) throw new ConsentError(`Google did not grant access: ${error}`);
    const code = url.searchParams.get('code');
    if (!code) throw new ConsentError('that address has no code= parameter; paste the whole address Google redirected to');
    return code;
  }
  if (!text) throw new ConsentError('no code given');
  return text;
}

export async function runConsentFlow(options: ConsentFlowOptions): Promise<string> {
  const client = new google.auth.OAuth2({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    ...(options.tokenUrl ? { endpoints: { oauth2TokenUrl: options.tokenUrl } } : {}),
  });
  // offline + consent: Google only returns a refresh token on a fresh consent.
  const url = client.generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: [YOUTUBE_SCOPE] });
  options.tell(
    [
      'Open this address in a browser, sign in with the Google account that will own the playlists, and allow access:',
      '',
      `  ${url}`,
      '',
      `Google then sends the browser to ${options.redirectUri}?code=… (the page may fail to load; that is fine).`,
    ].join('\n'),
  );
  const code = authorizationCodeOf(await options.ask('Paste that address (or just the code): '));
  const { tokens } = await client.getToken({ code, redirect_uri: options.redirectUri });
  if (!tokens.refresh_token) {
    throw new ConsentError(
      'Google returned no refresh token. Remove the app at https://myaccount.google.com/permissions and run this again.',
    );
  }
  return tokens.refresh_token;
}
