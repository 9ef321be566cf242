// The fake YouTube Data API, driven by the real googleapis client: paging, positions,
// its quota counter and its request log.
import { google } from 'googleapis';
import { FakeYouTubeDataApi } from './fake-youtube-data-api';

describe('the fake YouTube Data API', () => {
  let fake: FakeYouTubeDataApi;
  let youtube: ReturnType<typeof google.youtube>;

  beforeEach(async () => {
    fake = await new FakeYouTubeDataApi().start();
    const auth = new google.auth.OAuth2({ clientId: 'c', clientSecret: 's', endpoints: { oauth2TokenUrl: fake.tokenUrl } });
    auth.setCredentials({ refresh_token: 'r' });
    youtube = google.youtube({ version: 'v3', auth, rootUrl: fake.rootUrl, retry: false });
  });
  afterEach(() => fake.stop());

  async function playlistWith(count: number): Promise<string> {
    const { data } = await youtube.playlists.insert({ part: ['snippet', 'status'], requestBody: { snippet: { title: 'p' }, status: { privacyStatus: 'unlisted' } } });
    for (let i = 0; i < count; i++) {
      await youtube.playlistItems.insert({ part: ['snippet'], requestBody: { snippet: { playlistId: data.id!, resourceId: { kind: 'youtube#video', videoId: `v${i}` } } } });
    }
    return data.id!;
  }

  it('pages playlistItems.list by 50 with pageToken', async () => {
    const playlistId = await playlistWith(120);
    const pages: number[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await youtube.playlistItems.list({ part: ['snippet'], playlistId, maxResults: 50, pageToken });
      pages.push(data.items!.length);
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(pages).toEqual([50, 50, 20]);
    expect(fake.quotaUsed).toBe(50 + 120 * 50 + 3);
  });

  it('inserts at a position and moves an item with update', async () => {
    const playlistId = await playlistWith(3);
    await youtube.playlistItems.insert({ part: ['snippet'], requestBody: { snippet: { playlistId, position: 1, resourceId: { kind: 'youtube#video', videoId: 'new' } } } });
    const last = fake.playlist(playlistId).items[3];
    await youtube.playlistItems.update({ part: ['snippet'], requestBody: { id: last.id, snippet: { playlistId, position: 0, resourceId: { kind: 'youtube#video', videoId: last.videoId } } } });
    expect(fake.videoIds(playlistId)).toEqual(['v2', 'v0', 'new', 'v1']);
  });

  it('answers 403 quotaExceeded past its limit without charging, and logs every request with its part and auth header', async () => {
    fake.quotaLimit = 100;
    await playlistWith(1);
    const refused = await youtube.playlistItems.list({ part: ['snippet'], playlistId: 'PLx' }).catch((error) => error);
    expect(refused.response.status).toBe(403);
    expect(refused.response.data.error.errors[0].reason).toBe('quotaExceeded');
    expect(fake.quotaUsed).toBe(100);
    expect(fake.log.map((entry) => [entry.seq, entry.method, entry.operation, entry.part, entry.status])).toEqual([
      [1, 'POST', 'oauth.token', null, 200],
      [2, 'POST', 'playlists.insert', 'snippet,status', 200],
      [3, 'POST', 'playlistItems.insert', 'snippet', 200],
      [4, 'GET', 'playlistItems.list', 'snippet', 403],
    ]);
    expect(fake.apiCalls().every((entry) => /^Bearer fake-access-/.test(entry.authorization ?? ''))).toBe(true);
  });
});
