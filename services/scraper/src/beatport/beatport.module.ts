import { DynamicModule, Module } from '@nestjs/common';
import { createLogger, KafkaPublisher, secretValuesOf } from '@charts-vibe/shared';
import { SERVICE_NAME, ServiceConfig } from '../config';
import { ScrapeController } from './scrape.controller';
import { buildChartScrapeService, ChartScrapeService } from './scrape.service';

@Module({})
export class BeatportModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: BeatportModule,
      controllers: [ScrapeController],
      providers: [
        {
          provide: ChartScrapeService,
          inject: [KafkaPublisher],
          useFactory: (publisher: KafkaPublisher) =>
            buildChartScrapeService(
              config,
              publisher,
              // Same output as the service's other logs, with configured secrets (the API token) scrubbed by value.
              createLogger(SERVICE_NAME, config.LOG_LEVEL, config.LOG_PRETTY, secretValuesOf(config)),
            ),
        },
      ],
    };
  }
}
