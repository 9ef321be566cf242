// track.requested → TrackSearchService, through the shared wrapper: transient search
// errors retry with backoff; after the last attempt the track counts as failed and the
// message goes to track.requested.dlq.
import { Controller } from '@nestjs/common';
import { Ctx, KafkaContext, Payload } from '@nestjs/microservices';
import { ConsumeTopic, KafkaMessageHandler, Topics, trackRequestedSchema } from '@charts-vibe/shared';
import { TrackSearchService } from './track-search.service';

@Controller()
export class TrackRequestedConsumer {
  constructor(
    private readonly handler: KafkaMessageHandler,
    private readonly search: TrackSearchService,
  ) {}

  @ConsumeTopic(Topics.trackRequested)
  onTrackRequested(@Payload() payload: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.handler.handle(payload, context, {
      schema: trackRequestedSchema,
      process: (message) => this.search.handle(message),
      onExhausted: (message, error) => this.search.recordFailure(message, error),
    });
  }
}
