import { Module } from '@nestjs/common';
import { ChartIngestRepository } from './chart-ingest.repository';
import { ChartIngestService } from './chart-ingest.service';
import { ChartScrapedConsumer } from './chart-scraped.consumer';
import { ChartsController } from './charts.controller';
import { ChartsRepository } from './charts.repository';

@Module({
  controllers: [ChartScrapedConsumer, ChartsController],
  providers: [ChartIngestRepository, ChartIngestService, ChartsRepository],
  exports: [ChartIngestService],
})
export class ChartsModule {}
