// @ConsumeTopic(Topics.x): an @EventPattern on the deployed topic name (prefix applied).
// Typed as a plain MethodDecorator so handlers can take a KafkaContext parameter.
import { EventPattern } from '@nestjs/microservices';
import { Topic } from '../contracts/topics';
import { topicName } from './topic-names';

export function ConsumeTopic(topic: Topic): MethodDecorator {
  return EventPattern<string>(topicName(topic)) as MethodDecorator;
}
