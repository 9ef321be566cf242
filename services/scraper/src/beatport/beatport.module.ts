import { DynamicModule, Module } from '@nestjs/common';
import { KafkaPublisher, pinoOptions } from '@charts-vibe/shared';
import { pino } from 'pino';
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
              pino(pinoOptions(SERVICE_NAME, config.LOG_LEVEL, config.LOG_PRETTY ?? false)),
            ),
        },
      ],
    };
  }
}
