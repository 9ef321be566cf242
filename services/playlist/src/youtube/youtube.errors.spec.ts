// How real googleapis errors (from the fake, through the real client) are read and classified.
import { FakeYouTubeDataApi } from '@charts-vibe/fakes/youtube/fake-youtube-data-api';
import { google } from 'googleapis';
import { classifyGoogleError } from './youtube.errors';

const credentials = { clientId: 'client', clientSecret: 'secret', refreshToken: 'refresh' };

describe('classifying googleapis errors', () => {
  let fake: FakeYouTubeDataApi;

  beforeEach(async () => {
    fake = await new FakeYouTubeDataApi(credentials).start();
  });
  afterEach(() => fake.stop());

  function youtube(rootUrl = fake.rootUrl) {
    const auth = new google.auth.OAuth2({ clientId: credentials.clientId, clientSecret: credentials.clientSecret, endpoints: { oauth2TokenUrl: fake.tokenUrl } });
    auth.setCredentials({ refresh_token: credentials.refreshToken });
    return { auth, api: google.youtube({ version: 'v3', auth, rootUrl, retry: false }) };
  }

  async function failureOf(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    throw new Error('the call succeeded');
  }

  const insert = (api: ReturnType<typeof youtube>['api'], playlistId: string, videoId: string) =>
    api.playlistItems.insert({ part: ['snippet'], requestBody: { snippet: { playlistId, resourceId: { kind: 'youtube#video', videoId } } } });

  it.each([400, 401])('reads invalid_grant from the token endpoint (HTTP %i) as a credentials problem', async (status) => {
    fake.rejectRefreshTokens({ status });
    const error = await failureOf(youtube().auth.getAccessToken());
    expect(classifyGoogleError(error)).toEqual({ kind: 'auth', detail: 'invalid_grant (Token has been expired or revoked.)' });
  });

  it('reads a 401 from the Data API as a credentials problem', async () => {
    const { api, auth } = youtube();
    await auth.getAccessToken();
    fake.revokeAccessTokens();
    const error = await failureOf(api.playlistItems.list({ part: ['snippet'], playlistId: 'PLx' }));
    expect(classifyGoogleError(error)).toMatchObject({ kind: 'auth' });
  });

  it('tells quota, server errors, duplicates, unavailable videos and missing playlists apart', async () => {
    const { api } = youtube();
    const playlist = await api.playlists.insert({ part: ['snippet', 'status'], requestBody: { snippet: { title: 't' } } });
    const playlistId = playlist.data.id!;
    await insert(api, playlistId, 'v1');

    expect(classifyGoogleError(await failureOf(insert(api, playlistId, 'v1')), true)).toMatchObject({ kind: 'duplicate' });
    fake.makeVideoUnavailable('gone');
    expect(classifyGoogleError(await failureOf(insert(api, playlistId, 'gone')), true)).toEqual({ kind: 'video-unavailable', reason: 'failedPrecondition' });
    expect(classifyGoogleError(await failureOf(insert(api, 'PLnone', 'v2')), true)).toMatchObject({ kind: 'playlist-not-found' });
    fake.failNext({ status: 503 });
    expect(classifyGoogleError(await failureOf(api.playlistItems.list({ part: ['snippet'], playlistId })))).toMatchObject({ kind: 'transient' });
    fake.quotaLimit = fake.quotaUsed;
    expect(classifyGoogleError(await failureOf(api.playlistItems.list({ part: ['snippet'], playlistId })))).toEqual({ kind: 'quota', reason: 'quotaExceeded' });
  });

  it('reads a refused connection as transient', async () => {
    const { api, auth } = youtube('http://127.0.0.1:9/');
    await auth.getAccessToken();
    expect(classifyGoogleError(await failureOf(api.playlistItems.list({ part: ['snippet'], playlistId: 'PLx' })))).toMatchObject({ kind: 'transient' });
  });
});
