// chart.scraped → ChartIngestService, through the shared wrapper (validation, retries, DLQ).
import { Controller } from '@nestjs/common';
import { Ctx, KafkaContext, Payload } from '@nestjs/microservices';
import { chartScrapedSchema, ConsumeTopic, KafkaMessageHandler, Topics } from '@charts-vibe/shared';
import { ChartIngestService } from './chart-ingest.service';

@Controller()
export class ChartScrapedConsumer {
  constructor(
    private readonly handler: KafkaMessageHandler,
    private readonly ingest: ChartIngestService,
  ) {}

  @ConsumeTopic(Topics.chartScraped)
  onChartScraped(@Payload() payload: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.handler.handle(payload, context, {
      schema: chartScrapedSchema,
      process: async (message) => {
        await this.ingest.ingest(message);
      },
    });
  }
}
