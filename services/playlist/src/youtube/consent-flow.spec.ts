// The consent walk-through against the fake token endpoint, through googleapis' OAuth2 client.
import { FakeYouTubeDataApi } from '@charts-vibe/fakes/youtube/fake-youtube-data-api';
import { authorizationCodeOf, ConsentError, runConsentFlow, YOUTUBE_SCOPE } from './consent-flow';

describe('the youtube:auth consent flow', () => {
  let fake: FakeYouTubeDataApi;

  beforeAll(async () => {
    fake = await new FakeYouTubeDataApi({ clientId: 'desktop-client', clientSecret: 'desktop-secret' }).start();
  });
  afterAll(() => fake.stop());

  it('prints the consent URL, exchanges the pasted redirect address for tokens and returns the refresh token', async () => {
    const told: string[] = [];
    const refreshToken = await runConsentFlow({
      clientId: 'desktop-client',
      clientSecret: 'desktop-secret',
      redirectUri: 'http://127.0.0.1:8085/',
      tokenUrl: fake.tokenUrl,
      tell: (text) => told.push(text),
      ask: async () => 'http://127.0.0.1:8085/?code=4%2F0Abc-def&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fyoutube',
    });

    expect(refreshToken).toBe('fake-refresh-for-4/0Abc-def');
    const consentUrl = new URL(/https:\/\/accounts\.google\.com\S+/.exec(told.join('\n'))![0]);
    expect(Object.fromEntries(consentUrl.searchParams)).toMatchObject({
      access_type: 'offline',
      prompt: 'consent',
      scope: YOUTUBE_SCOPE,
      client_id: 'desktop-client',
      redirect_uri: 'http://127.0.0.1:8085/',
      response_type: 'code',
    });
    expect(fake.tokenCalls().at(-1)?.body).toMatchObject({
      grant_type: 'authorization_code',
      code: '4/0Abc-def',
      redirect_uri: 'http://127.0.0.1:8085/',
      client_id: 'desktop-client',
      client_secret: 'desktop-secret',
    });
    expect(told.join('\n')).not.toContain(refreshToken);
  });

  it.each([
    ['4/0Abc-def', '4/0Abc-def'],
    ['  4/0Abc-def\n', '4/0Abc-def'],
    ['http://127.0.0.1:8085/?code=xyz&scope=a', 'xyz'],
  ])('reads the code from %j', (answer, code) => {
    expect(authorizationCodeOf(answer)).toBe(code);
  });

  it.each([
    ['http://127.0.0.1:8085/?error=access_denied', /did not grant access: access_denied/],
    ['http://127.0.0.1:8085/', /no code= parameter/],
    ['', /no code given/],
  ])('explains an answer without a code: %j', (answer, message) => {
    expect(() => authorizationCodeOf(answer)).toThrow(ConsentError);
    expect(() => authorizationCodeOf(answer)).toThrow(message);
  });
});
