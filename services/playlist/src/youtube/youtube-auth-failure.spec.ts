// Rejected credentials are a configuration error, not a message failure: through the real
// broker, two job.completed messages cost one token request between them, no Data API call,
// no retry and no dead letter; both runs wait, deferred, with a reason that says what to do.
import { FakeYouTubeDataApi } from '@charts-vibe/fakes/youtube/fake-youtube-data-api';
import { createMessage, startService, topicName, Topics } from '@charts-vibe/shared';
import { appUrl, createTestDatabase, TestDatabase, testKafka, TopicRecorder, waitFor } from '@charts-vibe/shared/testing';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { AppModule } from '../app.module';
import { SERVICE_NAME } from '../config';
import { matchedTracks, seedCompletedJob } from '../testing/chart-seed';
import { TEST_CREDENTIALS, testConfig } from '../testing/test-config';

describe('the playlist service with a revoked refresh token', () => {
  let db: TestDatabase;
  let fake: FakeYouTubeDataApi;
  let app: INestApplication;
  let base: string;
  let producer: Producer;
  let dlq: TopicRecorder;
  const kafka = testKafka();
  const topic = topicName(Topics.jobCompleted);

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await new FakeYouTubeDataApi({ ...TEST_CREDENTIALS }).start();
    fake.rejectRefreshTokens({ status: 401, error: 'invalid_grant' });
    const config = testConfig(db.url, fake, { CONSUMER_MAX_ATTEMPTS: '3', PLAYLIST_RESUME_INTERVAL_MS: '100' });
    app = await startService({ serviceName: SERVICE_NAME, config, appModule: AppModule.forRoot(config), consumes: true, host: '127.0.0.1' });
    base = await appUrl(app);
    producer = kafka.producer();
    await producer.connect();
    dlq = await new TopicRecorder(kafka, `${topic}.dlq`).start();
  });

  afterAll(async () => {
    await dlq?.stop();
    await producer?.disconnect();
    await app?.close();
    await fake?.stop();
    await db?.drop();
  });

  async function metric(pattern: RegExp): Promise<number> {
    const text = await (await fetch(`${base}/metrics`)).text();
    return Number(pattern.exec(text)?.[1] ?? 0);
  }

  it('defers the work as a configuration error after one token request, without retries or dead letters', async () => {
    const jobs = [
      await seedCompletedJob(db.dataSource, { chartRef: 'beatport:top-100', tracks: matchedTracks(3, 8001) }),
      await seedCompletedJob(db.dataSource, { chartRef: 'beatport:hype-100', tracks: matchedTracks(3, 8101) }),
    ];
    for (const job of jobs) {
      await producer.send({ topic, acks: -1, messages: [{ key: job.jobId, value: JSON.stringify(createMessage('job.completed', job.payload)) }] });
    }

    await waitFor('both messages to be handled', async () =>
      (await metric(/^charts_vibe_messages_consumed_total\{topic="job\.completed",result="ok"\} (\d+)/m)) === 2,
    );

    const runs: { status: string; reason: string; resume_after: Date }[] = await db.dataSource.query(
      `SELECT status, reason, resume_after FROM playlist_runs WHERE job_id = ANY($1) ORDER BY job_id`,
      [jobs.map((job) => job.jobId)],
    );
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.status).toBe('deferred');
      expect(run.reason).toMatch(/^configuration: Google rejected the OAuth refresh token: invalid_grant .*npm run youtube:auth/);
      expect(run.resume_after.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    }
    expect(fake.tokenCalls()).toHaveLength(1);
    expect(fake.apiCalls()).toEqual([]);
    expect(await metric(/^charts_vibe_playlist_operations_total\{kind="oauth\.token",result="invalid_grant"\} (\d+)/m)).toBe(1);
    expect(await metric(/^charts_vibe_consumer_retries_total\{topic="job\.completed"\} (\d+)/m)).toBe(0);
    expect(dlq.messages).toHaveLength(0);
    expect(fake.tokenCalls()[0].body).toMatchObject({ grant_type: 'refresh_token', client_id: TEST_CREDENTIALS.clientId });
  });
});
