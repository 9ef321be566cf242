// One scrape, followed end to end with real Kafka and PostgreSQL: the four services run in
// this process (scraper → chart-processor → track-search → playlist, with the fake Beatport
// and the fake YouTube Data API), spans go to an in-memory exporter and log lines to a
// buffer. Then: the run is ONE trace across every service and outbox hop; /metrics counts
// what the run did; every dashboard and alert query names a metric the services export;
// log lines carry trace ids and never a configured secret.
//
// In one process the services share one tracer provider and one Prometheus registry, so
// spans are told apart by name and /metrics of each service shows the union — which is what
// the dashboard check compares against.
import { INestApplication } from '@nestjs/common';
import { ChartScraped, consumerGroupIdOf, loadConfig, ObservabilityLifecycle, sendLogsTo, startService, topicName, Topics, trackKeyOf } from '@charts-vibe/shared';
import { appUrl, serviceEnv, TopicRecorder, waitFor } from '@charts-vibe/shared/testing';
import { FakeBeatport } from '@charts-vibe/fakes/beatport/fake-beatport';
import { FakeYouTubeDataApi } from '@charts-vibe/fakes/youtube/fake-youtube-data-api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { Pipeline, JobRow } from '../orchestrator/harness';
import * as scraper from '../../services/scraper/src/app.module';
import * as scraperConfig from '../../services/scraper/src/config';
import { JobSweeper } from '../../services/chart-processor/src/sweeper/job-sweeper.service';
import * as playlist from '../../services/playlist/src/app.module';
import * as playlistConfig from '../../services/playlist/src/config';
import { alertRules, dashboardQueries } from './dashboards';
import { exportedNames, parseSamples, promqlMetricNames, Sample, valueOf } from './metrics-text';
import { ancestry, parentId, spanId, startTestTracing, traceId } from './tracing-harness';

const tracing = startTestTracing();
const logLines: string[] = [];
sendLogsTo({ write: (line: string) => void logLines.push(line) });

// Secrets configured for the run: none may ever reach a log line.
const SECRETS = {
  API_TOKEN: 'scraper-api-token-9f8e7d6c5b4a3928',
  YOUTUBE_CLIENT_SECRET: 'GOCSPX-client-secret-1a2b3c4d5e6f',
  YOUTUBE_REFRESH_TOKEN: '1//0refresh-token-zyxwvutsrqponm',
  YTMUSIC_COOKIES: 'SAPISID=sapisid-cookie-value-0123456789; __Secure-3PSID=psid-cookie-value-abcdefghij',
};

const kinds = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 };

describe('one scrape, observed end to end', () => {
  const pipeline = new Pipeline({ LOG_LEVEL: 'debug', YTMUSIC_COOKIES: SECRETS.YTMUSIC_COOKIES });
  const beatport = new FakeBeatport().serveRecordedCharts();
  const youtube = new FakeYouTubeDataApi({
    clientId: 'charts-vibe-observability.apps.googleusercontent.com',
    clientSecret: SECRETS.YOUTUBE_CLIENT_SECRET,
    refreshToken: SECRETS.YOUTUBE_REFRESH_TOKEN,
  });
  const apps: Record<'scraper' | 'chartProcessor' | 'trackSearch' | 'playlist', INestApplication> = {} as never;
  let scraped: TopicRecorder;
  let chart: ChartScraped;
  let job: JobRow;
  let failingTrack: string;
  let metricsText: Record<string, string>;
  let samples: Sample[];
  let inFlightBeforeSearch: Sample[];
  let spans: ReadableSpan[];

  beforeAll(async () => {
    await Promise.all([beatport.start(), youtube.start(), pipeline.start()]);
    const scraperSettings = loadConfig(
      scraperConfig.configSchema,
      serviceEnv(pipeline.db.url, {
        LOG_LEVEL: 'debug',
        API_TOKEN: SECRETS.API_TOKEN,
        BEATPORT_BASE_URL: beatport.url,
        BEATPORT_API_BASE_URL: beatport.url,
        SCRAPER_PAGE_DELAY_MS: '0',
      }),
    );
    apps.scraper = await startService({
      serviceName: scraperConfig.SERVICE_NAME,
      config: scraperSettings,
      appModule: scraper.AppModule.forRoot(scraperSettings),
      consumes: false,
      host: '127.0.0.1',
    });
    apps.chartProcessor = await pipeline.startChartProcessor();
    scraped = await new TopicRecorder(pipeline.kafka, topicName(Topics.chartScraped)).start();

    // The run: POST /scrape, then the searches (one track not found twice over, one failing every attempt).
    const response = await fetch(`${await appUrl(apps.scraper)}/scrape`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRETS.API_TOKEN}` },
      body: JSON.stringify({ chart: 'top-100' }),
    });
    expect(response.status).toBe(202);
    const { chartId } = (await response.json()) as { chartId: string };
    await scraped.waitForCount(1);
    chart = scraped.values<ChartScraped>().find((m) => m.payload.chartId === chartId)!;
    // NestJS buffers every app's log lines while another app boots, and flushes them later,
    // outside their context: let chart-processor log the job before track-search starts.
    await waitFor('the job to be created', () => logLines.some((line) => line.includes(`created for ${chartId}`)));
    // Jobs in flight, as the sweeper reports them while nothing has been searched yet.
    await apps.chartProcessor.get(JobSweeper).sweep();
    inFlightBeforeSearch = parseSamples(await (await fetch(`${await appUrl(apps.chartProcessor)}/metrics`)).text());
    const keys = chart.payload.tracks.map((t) => trackKeyOf(t.beatportId));
    failingTrack = keys[7];
    await pipeline.startTrackSearch(
      {
        tracks: {
          [keys[1]]: { outcome: 'not_found' },
          [keys[4]]: { outcome: 'needs_review', score: 0.55 },
          [failingTrack]: { error: 'transient' },
        },
      },
      { LOG_LEVEL: 'debug' },
    );
    apps.trackSearch = pipeline.trackSearches[0].app;

    const playlistSettings = loadConfig(
      playlistConfig.configSchema,
      serviceEnv(pipeline.db.url, {
        LOG_LEVEL: 'debug',
        YOUTUBE_CLIENT_ID: 'charts-vibe-observability.apps.googleusercontent.com',
        YOUTUBE_CLIENT_SECRET: SECRETS.YOUTUBE_CLIENT_SECRET,
        YOUTUBE_REFRESH_TOKEN: SECRETS.YOUTUBE_REFRESH_TOKEN,
        YOUTUBE_API_ROOT_URL: youtube.rootUrl,
        YOUTUBE_OAUTH_TOKEN_URL: youtube.tokenUrl,
      }),
    );
    apps.playlist = await startService({
      serviceName: playlistConfig.SERVICE_NAME,
      config: playlistSettings,
      appModule: playlist.AppModule.forRoot(playlistSettings),
      consumes: true,
      host: '127.0.0.1',
    });

    job = await pipeline.waitForJob(chartId, 'completed', 90_000);
    await waitFor(
      'the playlist run to finish',
      async () => (await pipeline.db.dataSource.query(`SELECT status FROM playlist_runs WHERE job_id = $1`, [job.id]))[0]?.status === 'done',
      { timeoutMs: 60_000 },
    );
    await apps.chartProcessor.get(JobSweeper).sweep();
    // Consumer lag as the services export it, read now that everything is consumed.
    for (const app of Object.values(apps)) await app.get(ObservabilityLifecycle).lag.collect();
    metricsText = {};
    for (const [name, app] of Object.entries(apps)) metricsText[name] = await (await fetch(`${await appUrl(app)}/metrics`)).text();
    samples = parseSamples(metricsText.trackSearch);
    await waitFor('the playlist consumer span to end', () => tracing.spans().some((s) => s.name === 'handle job.completed'));
    spans = tracing.spans();
  }, 180_000);

  afterAll(async () => {
    await scraped?.stop();
    await Promise.all([apps.scraper, apps.playlist].map((app) => app?.close()));
    await pipeline.stop();
    await Promise.all([beatport.stop(), youtube.stop()]);
    await tracing.stop();
    sendLogsTo(undefined);
  }, 60_000);

  const named = (name: string, inTrace?: string) =>
    spans.filter((s) => s.name === name && (inTrace === undefined || traceId(s) === inTrace));
  const byId = () => new Map(spans.map((s) => [spanId(s), s]));

  it('is one trace from the scrape to the playlist calls, through both outbox hops', () => {
    const [scrape] = named('scrape chart');
    expect(scrape.attributes).toMatchObject({ 'charts_vibe.chart.id': chart.payload.chartId, 'charts_vibe.chart.ref': 'beatport:top-100' });
    const trace = traceId(scrape);
    const inTrace = spans.filter((s) => traceId(s) === trace);
    const parents = byId();
    const parentName = (span: ReadableSpan) => parents.get(parentId(span) ?? '')?.name;

    // scraper: the scrape runs inside the POST /scrape server span and sends chart.scraped.
    expect(parentName(scrape)).toMatch(/^POST/);
    const send = named(`send ${topicName(Topics.chartScraped)}`, trace);
    expect(send.map(parentName)).toEqual(['scrape chart']);

    // chart-processor: consumes it and creates the job.
    const [createJob] = named('create job', trace);
    expect(ancestry(createJob, spans)).toEqual(
      expect.arrayContaining(['create job', 'handle chart.scraped', `process ${topicName(Topics.chartScraped)}`, send[0].name, 'scrape chart']),
    );
    expect(createJob.attributes).toMatchObject({
      'charts_vibe.job.id': job.id,
      'charts_vibe.chart.id': chart.payload.chartId,
      'charts_vibe.job.expected_count': job.expected_count,
    });

    // Outbox hop 1: one `outbox publish` per track.requested, each a child of `create job`.
    const requested = named('outbox publish track.requested', trace);
    expect(requested).toHaveLength(job.expected_count);
    expect(new Set(requested.map(parentId))).toEqual(new Set([spanId(createJob)]));
    expect(requested.every((s) => s.kind === kinds.PRODUCER)).toBe(true);

    // track-search: every search of this job is in the trace, below its own outbox publish.
    const searches = spans.filter((s) => s.name === 'search track' && s.attributes['charts_vibe.job.id'] === job.id);
    expect(searches.every((s) => traceId(s) === trace)).toBe(true);
    const searchedKeys = new Set(searches.map((s) => s.attributes['charts_vibe.track.key']));
    expect(searchedKeys.size).toBe(job.expected_count);
    for (const search of searches) {
      const chain = ancestry(search, spans);
      // track-search handles a partition's messages in parallel (eachBatch), where the kafkajs
      // instrumentation makes no per-message span: the handler's span continues the message's context.
      expect(chain.slice(0, 4)).toEqual(['search track', 'handle track.requested', 'outbox publish track.requested', 'create job']);
    }
    const matched = searches.find((s) => s.attributes['charts_vibe.track.outcome'] === 'matched')!;
    expect(matched.attributes['charts_vibe.match.score']).toBe(0.95);
    // The failing track: three failed attempts (errors on their spans), then the failure recorded.
    const failing = searches.filter((s) => s.attributes['charts_vibe.track.key'] === failingTrack);
    expect(failing.filter((s) => s.status.code === 2)).toHaveLength(3);
    expect(failing.filter((s) => s.attributes['charts_vibe.track.outcome'] === 'failed')).toHaveLength(1);

    // The completion, once, as a child of the search whose outcome completed the job.
    const [completeJob, ...others] = named('complete job', trace);
    expect(others).toEqual([]);
    expect(parentName(completeJob)).toBe('search track');
    expect(completeJob.attributes).toMatchObject({
      'charts_vibe.job.id': job.id,
      'charts_vibe.job.expected_count': job.expected_count,
      'charts_vibe.job.matched_count': job.matched_count,
      'charts_vibe.job.not_found_count': job.not_found_count,
      'charts_vibe.job.failed_count': job.failed_count,
    });

    // Outbox hop 2: job.completed published below `complete job`, consumed by the playlist service.
    const [publishCompleted] = named('outbox publish job.completed', trace);
    expect(parentId(publishCompleted)).toBe(spanId(completeJob));
    const [playlistHandle] = named('handle job.completed', trace);
    expect(ancestry(playlistHandle, spans).slice(0, 4)).toEqual([
      'handle job.completed',
      `process ${topicName(Topics.jobCompleted)}`,
      'outbox publish job.completed',
      'complete job',
    ]);
    expect(playlistHandle.attributes).toMatchObject({ 'charts_vibe.job.id': job.id, 'charts_vibe.chart.id': chart.payload.chartId });
    // The playlist's YouTube calls (googleapis over HTTP) are children in the same trace.
    const youtubeCalls = inTrace.filter(
      (s) => s.kind === kinds.CLIENT && String(s.attributes['url.full'] ?? s.attributes['http.url'] ?? '').startsWith(youtube.rootUrl.replace(/\/$/, '')),
    );
    expect(youtubeCalls.length).toBeGreaterThan(job.matched_count);
    expect(youtubeCalls.every((call) => ancestry(call, spans).includes('handle job.completed'))).toBe(true);
  });

  it('exports metrics whose values match the run', () => {
    const chartRef = 'beatport:top-100';
    const scraperSamples = parseSamples(metricsText.scraper);
    expect(valueOf(scraperSamples, 'charts_vibe_scrapes_total', { chart: chartRef, outcome: 'ok', reason: 'none' })).toBe(1);
    expect(valueOf(samples, 'charts_vibe_jobs_created_total', { chart: chartRef })).toBe(1);
    expect(valueOf(samples, 'charts_vibe_jobs_completed_total', { chart: chartRef, status: 'completed' })).toBe(1);
    expect(valueOf(samples, 'charts_vibe_job_duration_seconds_count', { chart: chartRef, status: 'completed' })).toBe(1);
    expect(job).toMatchObject({ matched_count: job.expected_count - 3, not_found_count: 2, failed_count: 1 });
    expect(valueOf(samples, 'charts_vibe_tracks_processed_total', { outcome: 'matched' })).toBe(job.matched_count);
    expect(valueOf(samples, 'charts_vibe_tracks_processed_total', { outcome: 'not_found' })).toBe(job.not_found_count);
    expect(valueOf(samples, 'charts_vibe_tracks_processed_total', { outcome: 'failed' })).toBe(job.failed_count);
    expect(valueOf(samples, 'charts_vibe_search_errors_total', { reason: 'TransientSearchError' })).toBe(3);
    expect(valueOf(samples, 'charts_vibe_search_duration_seconds_count', { result: 'matched' })).toBe(job.matched_count);
    expect(valueOf(samples, 'charts_vibe_match_score_count', { decision: 'matched' })).toBe(job.matched_count);
    expect(valueOf(samples, 'charts_vibe_dlq_messages_total', { topic: 'track.requested', kind: 'exhausted' })).toBe(1);
    expect(valueOf(samples, 'charts_vibe_outbox_published_total', { topic: 'track.requested' })).toBe(job.expected_count);
    expect(valueOf(samples, 'charts_vibe_outbox_published_total', { topic: 'job.completed' })).toBe(1);
    expect(valueOf(samples, 'charts_vibe_playlist_runs_total', { result: 'done' })).toBe(1);
    expect(
      samples.filter((s) => s.name === 'charts_vibe_youtube_quota_units_spent_total').reduce((sum, s) => sum + s.value, 0),
    ).toBe(youtube.quotaUsed);
    expect(valueOf(inFlightBeforeSearch, 'charts_vibe_jobs_in_flight', { chart: chartRef })).toBe(1);
    expect(valueOf(inFlightBeforeSearch, 'charts_vibe_jobs_in_flight_tracks', { chart: chartRef, state: 'expected' })).toBe(job.expected_count);
    expect(valueOf(inFlightBeforeSearch, 'charts_vibe_jobs_in_flight_tracks', { chart: chartRef, state: 'processed' })).toBe(0);
    expect(samples).toContainEqual({ name: 'charts_vibe_jobs_in_flight', labels: { chart: chartRef }, value: 0 });
    expect(valueOf(samples, 'charts_vibe_jobs_overdue')).toBe(0);
    // Consumer lag per group, from the services' own admin reads: all consumed.
    expect(valueOf(samples, 'charts_vibe_kafka_consumer_lag_messages', { group: consumerGroupIdOf(pipeline.trackSearchGroup), topic: 'track.requested' })).toBe(0);
    expect(valueOf(samples, 'charts_vibe_kafka_topic_end_offset', { topic: 'track.requested' })).toBe(job.expected_count);
    expect(samples.some((s) => s.name === 'process_resident_memory_bytes' && s.value > 0)).toBe(true);
  });

  it('uses in every dashboard panel and alert rule only metrics the services export', () => {
    const exported = new Set(Object.values(metricsText).flatMap((text) => [...exportedNames(text)]));
    const queries = [...dashboardQueries(), ...alertRules().map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr }))];
    expect(queries.length).toBeGreaterThan(40);
    const missing = queries.flatMap(({ where, expr }) =>
      promqlMetricNames(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  // In one process NestJS keeps one static logger, so `service` names whichever app set it
  // last: lines are told apart by their context (the class that wrote them) instead.
  it('writes log lines with trace and job ids, and never a configured token or cookie', () => {
    const lines = logLines.flatMap((chunk) => chunk.split('\n')).filter(Boolean);
    expect(lines.length).toBeGreaterThan(50);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const trace = traceId(named('scrape chart')[0]);
    const fromContext = (context: string) => records.filter((r) => r.context === context);
    expect(fromContext('ChartIngest')).toContainEqual(
      expect.objectContaining({ trace_id: trace, job_id: job.id, chart_id: chart.payload.chartId, msg: expect.stringMatching(/created for/) }),
    );
    expect(fromContext('TrackSearch')).toContainEqual(expect.objectContaining({ trace_id: trace, job_id: job.id, track_key: expect.any(String) }));
    // The playlist service's lines: written inside its handling of job.completed.
    const spansById = byId();
    const playlistLines = records.filter((r) => {
      const span = spansById.get(String(r.span_id));
      return span !== undefined && ancestry(span, spans).includes('handle job.completed');
    });
    expect(playlistLines).toContainEqual(expect.objectContaining({ trace_id: trace, job_id: job.id, chart_id: chart.payload.chartId }));
    // The request log of POST /scrape had the bearer token in its headers: redacted.
    const scrapeRequest = records.find((r) => (r.req as { url?: string } | undefined)?.url === '/scrape');
    expect(scrapeRequest?.req).toMatchObject({ method: 'POST', headers: { authorization: '[redacted]' } });
    const secretValues = [...Object.values(SECRETS), ...SECRETS.YTMUSIC_COOKIES.split('; ').map((c) => c.split('=')[1])];
    const leaks = lines.filter((line) => secretValues.some((secret) => line.includes(secret)));
    expect(leaks).toEqual([]);
  });
});
