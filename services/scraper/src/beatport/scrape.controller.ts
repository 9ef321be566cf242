// POST /scrape reads the chart and publishes it before answering 202 { chartId }: the caller
// learns at once whether Beatport served it (502 with the reason when it did not, 404 when
// the chart does not exist), and the pipeline takes it from there. GET /charts/known lists
// the charts that have a name.
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Post,
  UseGuards,
} from '@nestjs/common';
import { BearerTokenGuard, parseRequest } from '@charts-vibe/shared';
import { z } from 'zod';
import { CHART_FORMS, knownCharts } from './chart-catalog';
import { BeatportError, ChartPublishError, NoSourceForChartError, UnknownChartError } from './errors';
import { ChartScrapeService } from './scrape.service';

const scrapeRequest = z.object({
  chart: z.string().trim().min(1, 'name a chart, e.g. "top-100" or a https://www.beatport.com chart URL').max(500),
});

function upstreamFailure(status: HttpStatus, reason: string, message: string): HttpException {
  return new HttpException({ statusCode: status, error: HttpStatus[status], reason, message }, status);
}

@Controller()
export class ScrapeController {
  constructor(private readonly scrapes: ChartScrapeService) {}

  @Post('scrape')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(BearerTokenGuard)
  async scrape(@Body() body: unknown) {
    const { chart } = parseRequest(scrapeRequest, body);
    try {
      return await this.scrapes.scrapeAndPublish(chart);
    } catch (error) {
      if (error instanceof UnknownChartError || error instanceof NoSourceForChartError)
        throw new BadRequestException(error.message);
      if (error instanceof BeatportError) {
        const status = error.reason === 'not_found' ? HttpStatus.NOT_FOUND : HttpStatus.BAD_GATEWAY;
        throw upstreamFailure(status, error.reason, error.message);
      }
      if (error instanceof ChartPublishError)
        throw upstreamFailure(HttpStatus.SERVICE_UNAVAILABLE, 'publish', error.message);
      throw error;
    }
  }

  @Get('charts/known')
  known() {
    return { charts: knownCharts(), forms: CHART_FORMS };
  }
}
