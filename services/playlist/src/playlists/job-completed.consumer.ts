// job.completed → the chart's playlist. Parses through the shared wrapper and delegates.
import { jobCompletedSchema, KafkaMessageHandler, topicName, Topics } from '@charts-vibe/shared';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { PlaylistRunner } from './playlist-runner';

@Controller()
export class JobCompletedConsumer {
  constructor(
    private readonly handler: KafkaMessageHandler,
    private readonly runner: PlaylistRunner,
  ) {}

  @EventPattern<string>(topicName(Topics.jobCompleted))
  onJobCompleted(@Payload() payload: unknown, @Ctx() context: KafkaContext) {
    return this.handler.handle(payload, context, {
      schema: jobCompletedSchema,
      process: (message) => this.runner.onJobCompleted(message.payload, () => context.getHeartbeat()()),
      onExhausted: (message, error) => this.runner.markFailed(message.payload.jobId, error.message),
    });
  }
}
