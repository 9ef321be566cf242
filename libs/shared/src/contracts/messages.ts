// The zod schemas of every charts-vibe message, one per topic (see ARCHITECTURE.md).
import { z } from 'zod';
import { envelopeOf } from './envelope';
import { chartTrackSchema, searchableTrackSchema, trackKeySchema } from './track';

export const trackOutcomeSchema = z.enum(['matched', 'not_found', 'failed']);
export type TrackOutcome = z.infer<typeof trackOutcomeSchema>;

export const chartScrapedPayloadSchema = z
  .object({
    /** This scrape: `<chartRef>:<YYYY-MM-DD>`, so a rerun on the same day is the same chart. */
    chartId: z.string().min(1).max(200),
    /** The chart across days, e.g. `beatport:top-100`, `beatport:genre:5`, `beatport:chart:12345`. */
    chartRef: z.string().regex(/^beatport:[a-z0-9:_-]+$/, 'must look like beatport:<chart>'),
    source: z.enum(['page', 'api']),
    sourceUrl: z.url(),
    chartName: z.string().trim().min(1),
    scrapedAt: z.iso.datetime({ offset: true }),
    tracks: z.array(chartTrackSchema),
  })
  .superRefine((chart, ctx) => {
    chart.tracks.forEach((track, index) => {
      if (track.position !== index + 1) {
        ctx.addIssue({ code: 'custom', path: ['tracks', index, 'position'], message: `expected position ${index + 1}` });
      }
    });
  });
export const chartScrapedSchema = envelopeOf('chart.scraped', chartScrapedPayloadSchema);
export type ChartScraped = z.infer<typeof chartScrapedSchema>;

export const trackRequestedPayloadSchema = z.object({
  jobId: z.uuid(),
  trackKey: trackKeySchema,
  track: searchableTrackSchema,
  attempt: z.number().int().min(1),
});
export const trackRequestedSchema = envelopeOf('track.requested', trackRequestedPayloadSchema);
export type TrackRequested = z.infer<typeof trackRequestedSchema>;

export const trackMatchedPayloadSchema = z.object({
  jobId: z.uuid(),
  trackKey: trackKeySchema,
  outcome: trackOutcomeSchema,
  videoId: z.string().min(1).nullable(),
  score: z.number().min(0).max(1).nullable(),
  reason: z.string().nullable(),
  processedCount: z.number().int().nonnegative(),
  expectedCount: z.number().int().nonnegative(),
});
export const trackMatchedSchema = envelopeOf('track.matched', trackMatchedPayloadSchema);
export type TrackMatched = z.infer<typeof trackMatchedSchema>;

export const jobCountsSchema = z.object({
  expected: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  notFound: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type JobCounts = z.infer<typeof jobCountsSchema>;

export const jobCompletedPayloadSchema = z.object({
  jobId: z.uuid(),
  chartId: z.string().min(1),
  status: z.enum(['completed', 'expired']),
  counts: jobCountsSchema,
  completedAt: z.iso.datetime({ offset: true }),
});
export const jobCompletedSchema = envelopeOf('job.completed', jobCompletedPayloadSchema);
export type JobCompleted = z.infer<typeof jobCompletedSchema>;

export const deadLetterPayloadSchema = z.object({
  originalTopic: z.string().min(1),
  originalKey: z.string().nullable(),
  /** The original value as received (text), so even bad JSON is kept. */
  originalValue: z.string(),
  originalHeaders: z.record(z.string(), z.string()),
  originalPartition: z.number().int().nonnegative().nullable(),
  originalOffset: z.string().nullable(),
  error: z.string().min(1),
  kind: z.enum(['malformed', 'exhausted']),
  service: z.string().min(1),
  attempts: z.number().int().nonnegative(),
  failedAt: z.iso.datetime({ offset: true }),
});
export const deadLetterSchema = envelopeOf('dead-letter', deadLetterPayloadSchema);
export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** Which schema reads which topic. */
export const schemaByTopic = {
  'chart.scraped': chartScrapedSchema,
  'track.requested': trackRequestedSchema,
  'track.matched': trackMatchedSchema,
  'job.completed': jobCompletedSchema,
} as const;
