// What every chaos case must end with: the job closed with exact counts, exactly one
// job.completed decided and published, every track outcome published, and every message
// that reached track.requested accounted for — recorded in job_items, or in the DLQ with
// its reason.
import { DeadLetter, JobCompleted, TrackMatched, TrackRequested, topicName, Topics } from '@charts-vibe/shared';
import { waitFor } from '@charts-vibe/shared/testing';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { jsonOf, readTopic } from './topics';

export interface ExpectedCounts {
  expected: number;
  matched: number;
  notFound: number;
  failed: number;
}

export interface JobLedger {
  jobId: string;
  /** Copies of the one job.completed on the topic (more than 1 only if a relay re-sent it). */
  completedCopies: number;
  requestedMessages: number;
  deadLetters: DeadLetter[];
}

interface JobRow {
  id: string;
  status: string;
  expected_count: number;
  processed_count: number;
  matched_count: number;
  not_found_count: number;
  failed_count: number;
}

function tryJson(value: Buffer | null): unknown {
  try {
    return JSON.parse(value?.toString('utf8') ?? 'null');
  } catch {
    return null;
  }
}

export async function verifyJob(
  db: DataSource,
  kafka: Kafka,
  chartId: string,
  counts: ExpectedCounts,
  status: 'completed' | 'expired' = 'completed',
): Promise<JobLedger> {
  const [job] = (await db.query(`SELECT * FROM jobs WHERE chart_id = $1`, [chartId])) as JobRow[];
  expect(job).toBeDefined();
  expect({
    status: job.status,
    expected: job.expected_count,
    processed: job.processed_count,
    matched: job.matched_count,
    notFound: job.not_found_count,
    failed: job.failed_count,
  }).toEqual({ status, processed: counts.expected, ...counts });

  // One job_items row per track, and they add up to the counters.
  const items: { outcome: string; n: number }[] = await db.query(
    `SELECT outcome, count(*)::int AS n FROM job_items WHERE job_id = $1 GROUP BY outcome`,
    [job.id],
  );
  const byOutcome = Object.fromEntries(items.map((row) => [row.outcome, row.n]));
  expect({ matched: byOutcome.matched ?? 0, notFound: byOutcome.not_found ?? 0, failed: byOutcome.failed ?? 0 }).toEqual({
    matched: counts.matched,
    notFound: counts.notFound,
    failed: counts.failed,
  });

  // Exactly one completion was decided (one outbox row), and it reached the topic.
  const [{ decided }] = await db.query(
    `SELECT count(*)::int AS decided FROM outbox WHERE topic = $1 AND payload->'payload'->>'jobId' = $2`,
    [topicName(Topics.jobCompleted), job.id],
  );
  expect(decided).toBe(1);
  // The relay may still be backing off after an outage: wait until every event of the job is out.
  await waitFor('the job\'s outbox rows to be published', async () => {
    const [{ pending }] = await db.query(
      `SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL AND payload->'payload'->>'jobId' = $1`,
      [job.id],
    );
    return pending === 0;
  }, { timeoutMs: 60_000, intervalMs: 200 });
  const completions = (await readTopic(kafka, topicName(Topics.jobCompleted)))
    .map((m) => jsonOf<JobCompleted>(m))
    .filter((m) => m.payload.jobId === job.id);
  expect(new Set(completions.map((m) => m.id)).size).toBe(1);
  expect(completions[0].payload).toMatchObject({ status, counts });

  // Every counted outcome was published as track.matched.
  const matched = (await readTopic(kafka, topicName(Topics.trackMatched)))
    .map((m) => jsonOf<TrackMatched>(m))
    .filter((m) => m.payload.jobId === job.id);
  expect(new Set(matched.map((m) => m.payload.trackKey)).size).toBe(counts.expected);

  // No message lost: each one on track.requested was recorded, or dead-lettered with its reason.
  // Requests of jobs in another database (a file that runs several pipelines on one topic)
  // are theirs to account for.
  const deadLetters = (await readTopic(kafka, `${topicName(Topics.trackRequested)}.dlq`)).map((m) => jsonOf<DeadLetter>(m));
  const deadLettered = new Map(deadLetters.map((l) => [`${l.payload.originalPartition}@${l.payload.originalOffset}`, l]));
  const jobsHere = new Set(((await db.query(`SELECT id FROM jobs`)) as { id: string }[]).map((row) => row.id));
  const recorded = new Set(
    ((await db.query(`SELECT job_id, track_key FROM job_items`)) as { job_id: string; track_key: string }[]).map(
      (row) => `${row.job_id}/${row.track_key}`,
    ),
  );
  const requested = (await readTopic(kafka, topicName(Topics.trackRequested))).filter((message) => {
    const jobId = (tryJson(message.value) as TrackRequested | null)?.payload?.jobId;
    const anotherDatabases = typeof jobId === 'string' && !jobsHere.has(jobId) && !deadLettered.has(`${message.partition}@${message.offset}`);
    return !anotherDatabases;
  });
  const unaccounted = requested.filter((message) => {
    const payload = (tryJson(message.value) as TrackRequested | null)?.payload;
    if (payload && recorded.has(`${payload.jobId}/${payload.trackKey}`)) return false;
    const letter = deadLettered.get(`${message.partition}@${message.offset}`);
    return !(letter && letter.payload.error.length > 0);
  });
  expect(unaccounted.map((m) => `${m.partition}@${m.offset}: ${m.value?.toString('utf8').slice(0, 120)}`)).toEqual([]);

  return { jobId: job.id, completedCopies: completions.length, requestedMessages: requested.length, deadLetters };
}
