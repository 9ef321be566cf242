// The consumer wrapper against the real broker and database: a NestJS @EventPattern
// handler, retries, the DLQ, and a consumer that keeps going.
import { Controller, INestApplication, Module } from '@nestjs/common';
import { Ctx, KafkaContext, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  serviceEnv,
  TestDatabase,
  testKafka,
  TopicRecorder,
  waitFor,
} from '@charts-vibe/shared/testing';
import { Producer } from 'kafkajs';
import { baseConfigSchema, loadConfig } from '../config/config';
import { createMessage } from '../contracts/create';
import { DeadLetter, TrackRequested, trackRequestedSchema } from '../contracts/messages';
import { Topics } from '../contracts/topics';
import { CoreModule } from '../app/core.module';
import { startService } from '../app/start-service';
import { ConsumeTopic } from './consume-topic.decorator';
import { KafkaMessageHandler } from './message-handler';
import { topicName } from './topic-names';

const attemptsByTitle = new Map<string, number>();
const processedTitles: string[] = [];

@Controller()
class RecordingController {
  constructor(private readonly handler: KafkaMessageHandler) {}

  @ConsumeTopic(Topics.trackRequested)
  onTrackRequested(@Payload() payload: unknown, @Ctx() context: KafkaContext) {
    return this.handler.handle(payload, context, {
      schema: trackRequestedSchema,
      process: async (message: TrackRequested) => {
        const title = message.payload.track.title;
        attemptsByTitle.set(title, (attemptsByTitle.get(title) ?? 0) + 1);
        if (title.startsWith('always fails')) throw new Error(`provider exploded on ${title}`);
        processedTitles.push(title);
      },
    });
  }
}

function requested(title: string): TrackRequested {
  return createMessage('track.requested', {
    jobId: randomUUID(),
    trackKey: 'beatport:1',
    track: { beatportId: 1, title, mixName: null, artists: ['Someone'], remixers: [], lengthMs: null },
    attempt: 1,
  });
}

describe('KafkaMessageHandler on the real broker', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let producer: Producer;
  let dlq: TopicRecorder;
  const kafka = testKafka();
  const topic = topicName(Topics.trackRequested);

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig(baseConfigSchema, serviceEnv(db.url, { CONSUMER_MAX_ATTEMPTS: '3' }));
    @Module({ imports: [CoreModule.forRoot({ serviceName: 'wrapper-test', config })], controllers: [RecordingController] })
    class TestModule {}
    app = await startService({ serviceName: 'wrapper-test', config, appModule: { module: TestModule }, consumes: true, host: '127.0.0.1' });
    producer = kafka.producer();
    await producer.connect();
    dlq = await new TopicRecorder(kafka, `${topic}.dlq`).start();
  });

  afterAll(async () => {
    await dlq?.stop();
    await producer?.disconnect();
    await app?.close();
    await db?.drop();
  });

  const send = (value: string | Buffer) => producer.send({ topic, acks: -1, messages: [{ key: 'beatport:1', value }] });

  it('delivers a produced track.requested to a NestJS @EventPattern handler', async () => {
    await send(JSON.stringify(requested('first good')));
    await waitFor('the handler to run', () => processedTitles.includes('first good'));
    expect(attemptsByTitle.get('first good')).toBe(1);
  });

  it('sends a message whose handler throws three times to track.requested.dlq with the error and attempts', async () => {
    await send(JSON.stringify(requested('always fails A')));
    await waitFor('a dead letter', () => dlq.values<DeadLetter>().find((l) => l.payload.error.includes('always fails A')));
    const letter = dlq.values<DeadLetter>().find((l) => l.payload.error.includes('always fails A'))!;
    expect(attemptsByTitle.get('always fails A')).toBe(3);
    expect(letter.payload).toMatchObject({
      originalTopic: topic,
      kind: 'exhausted',
      attempts: 3,
      service: 'wrapper-test',
      error: 'provider exploded on always fails A',
    });
    expect(JSON.parse(letter.payload.originalValue).payload.track.title).toBe('always fails A');
  });

  it('sends malformed payloads to the DLQ at once, without retries, with the reason', async () => {
    await send('{"this is": not json');
    const missingField = requested('missing field') as unknown as { payload: Record<string, unknown> };
    delete missingField.payload.jobId;
    await send(JSON.stringify(missingField));
    await waitFor('two malformed dead letters', () => dlq.values<DeadLetter>().filter((l) => l.payload.kind === 'malformed').length >= 2);
    const malformed = dlq.values<DeadLetter>().filter((l) => l.payload.kind === 'malformed');
    expect(malformed.map((l) => l.payload.error)).toEqual([
      expect.stringMatching(/value is not JSON/),
      expect.stringMatching(/payload\.jobId/),
    ]);
    expect(malformed.every((l) => l.payload.attempts === 0)).toBe(true);
    expect(malformed[0].payload.originalValue).toBe('{"this is": not json');
    expect(attemptsByTitle.has('missing field')).toBe(false);
  });

  it('keeps consuming after failures and malformed messages', async () => {
    await send(JSON.stringify(requested('after the storm')));
    await waitFor('the next good message', () => processedTitles.includes('after the storm'));
    expect(processedTitles).toEqual(['first good', 'after the storm']);
  });
});
