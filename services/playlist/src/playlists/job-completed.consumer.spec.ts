// End to end through Kafka: a job.completed produced to the real broker is consumed by the
// running playlist service (NestJS hybrid app), which makes the playlist on the fake YouTube
// Data API through googleapis; a redelivery changes nothing; a job YouTube keeps failing
// ends on job.completed.dlq with its run marked failed.
import { FakeYouTubeDataApi } from '@charts-vibe/fakes/youtube/fake-youtube-data-api';
import { createMessage, DeadLetter, JobCompleted, startService, topicName, Topics } from '@charts-vibe/shared';
import { appUrl, createTestDatabase, TestDatabase, testKafka, TopicRecorder, waitFor } from '@charts-vibe/shared/testing';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { AppModule } from '../app.module';
import { SERVICE_NAME } from '../config';
import { matchedTracks, seedCompletedJob } from '../testing/chart-seed';
import { TEST_CREDENTIALS, testConfig } from '../testing/test-config';

describe('the playlist service consuming job.completed', () => {
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
    const config = testConfig(db.url, fake, { CONSUMER_MAX_ATTEMPTS: '2', YOUTUBE_MAX_ATTEMPTS: '2', PLAYLIST_RESUME_INTERVAL_MS: '200' });
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

  const send = (message: { payload: { jobId: string } }) =>
    producer.send({ topic, acks: -1, messages: [{ key: message.payload.jobId, value: JSON.stringify(message) }] });

  const runOf = async (jobId: string): Promise<{ status: string; reason: string | null; output: { youtubePlaylistId?: string } }> =>
    (await db.dataSource.query(`SELECT status, reason, output FROM playlist_runs WHERE job_id = $1`, [jobId]))[0];

  async function metric(pattern: RegExp): Promise<number> {
    const text = await (await fetch(`${base}/metrics`)).text();
    return Number(pattern.exec(text)?.[1] ?? 0);
  }
  const consumedOk = () => metric(/^charts_vibe_messages_consumed_total\{topic="job\.completed",result="ok"\} (\d+)/m);

  let completed: JobCompleted;
  let playlistId: string;

  it('makes the playlist of a job.completed produced to Kafka, in chart order', async () => {
    const tracks = matchedTracks(12, 7001);
    const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:top-100', tracks });
    completed = createMessage('job.completed', job.payload);

    await send(completed);

    const run = await waitFor('the playlist run to finish', async () => {
      const row = await runOf(job.jobId);
      return row?.status === 'done' && row;
    });
    playlistId = run.output.youtubePlaylistId!;
    expect(fake.videoIds(playlistId)).toEqual(tracks.map((t) => t.videoId));
    expect(fake.playlist(playlistId).title).toBe('Beatport Top 100');
    expect(await metric(/^charts_vibe_playlist_runs_total\{mode="sync",result="done"\} (\d+)/m)).toBe(1);
    expect(await metric(/^charts_vibe_youtube_quota_units_spent_total\{credential="[^"]+"\} (\d+)/m)).toBe(50 + 12 * 50);
    expect(await metric(/^charts_vibe_youtube_quota_units_remaining\{credential="[^"]+"\} (\d+)/m)).toBe(10_000 - 650);
  });

  it('changes nothing when the same job.completed is delivered again', async () => {
    const before = await consumedOk();
    const since = fake.lastSeq;

    await send(completed);

    await waitFor('the redelivery to be consumed', async () => (await consumedOk()) > before);
    expect(fake.log.slice(since)).toEqual([]);
    expect((await runOf(completed.payload.jobId)).status).toBe('done');
  });

  it('sends the message to job.completed.dlq after the last retry and marks the run failed', async () => {
    const job = await seedCompletedJob(db.dataSource, { chartRef: 'beatport:hype-100', tracks: matchedTracks(3, 7101) });
    fake.failNext({ method: 'POST', path: '/youtube/v3/playlistItems', status: 500, times: 1_000 });
    try {
      await send(createMessage('job.completed', job.payload));

      const letter = await waitFor('a dead letter', () =>
        dlq.values<DeadLetter>().find((l) => JSON.parse(l.payload.originalValue).payload.jobId === job.jobId),
      );
      expect(letter.payload).toMatchObject({ kind: 'exhausted', attempts: 2, service: SERVICE_NAME });
      expect(letter.payload.error).toMatch(/insert failed 2 times: playlistItems.insert: 500/);
      expect(await runOf(job.jobId)).toMatchObject({ status: 'failed', reason: letter.payload.error });
    } finally {
      fake.clearFailures();
    }
  });
});
