// GET /charts and GET /charts/:id (entries in order, each with its YouTube Music match).
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { parseRequest } from '@charts-vibe/shared';
import { z } from 'zod';
import { ChartsRepository } from './charts.repository';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
// PostgreSQL text cannot hold NUL; control characters are never part of a chart id.
const isPrintable = (text: string) => [...text].every((char) => char.charCodeAt(0) > 0x1f && char.charCodeAt(0) !== 0x7f);
const chartId = z.string().min(1).max(200).refine(isPrintable, 'must be printable text');

function chartSummary(row: Record<string, unknown>) {
  return {
    id: row.id,
    chartRef: row.chart_ref,
    name: row.name,
    source: row.source,
    sourceUrl: row.source_url,
    scrapedAt: new Date(row.scraped_at as string).toISOString(),
    trackCount: row.track_count,
    contentHash: row.content_hash,
    job: row.job_id ? { id: row.job_id, status: row.job_status } : null,
  };
}

@Controller('charts')
export class ChartsController {
  constructor(private readonly charts: ChartsRepository) {}

  @Get()
  async list(@Query() query: unknown) {
    const { limit } = parseRequest(listQuery, query);
    return { charts: (await this.charts.list(limit)).map(chartSummary) };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const chart = await this.charts.find(parseRequest(chartId, id));
    if (!chart) throw new NotFoundException(`no chart ${id}`);
    const entries = await this.charts.entries(id);
    return {
      ...chartSummary(chart),
      entries: entries.map((e) => ({
        position: e.position,
        trackKey: e.track_key,
        artists: e.artists,
        title: e.title,
        mixName: e.mix_name,
        remixers: e.remixers,
        label: e.label,
        lengthMs: e.length_ms,
        match: e.match_status
          ? { status: e.match_status, videoId: e.video_id, score: e.match_score, matchedAt: e.matched_at }
          : null,
      })),
    };
  }
}
