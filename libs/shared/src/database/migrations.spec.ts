// Migrations against a real, empty PostgreSQL database.
import { createTestDatabase, TestDatabase } from '@charts-vibe/shared/testing';
import { runMigrations } from './data-source';

describe('database migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.drop());

  it('create every table of the architecture on an empty database', async () => {
    const applied = await runMigrations(db.dataSource);
    expect(applied).toEqual(['InitialSchema1733300000000']);
    const rows: { table_name: string }[] = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'chart_entries',
        'charts',
        'job_items',
        'jobs',
        'outbox',
        'playlist_items',
        'playlists',
        'schema_migrations',
        'tracks',
        'youtube_quota_ledger',
      ]),
    );
  });

  it('do nothing on a second run', async () => {
    const before = await db.dataSource.query(`SELECT count(*)::int AS n FROM schema_migrations`);
    expect(await runMigrations(db.dataSource)).toEqual([]);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM schema_migrations`)).toEqual(before);
  });

  it('enforce that counters add up', async () => {
    await db.dataSource.query(
      `INSERT INTO charts (id, chart_ref, source, source_url, name, scraped_at, snapshot, content_hash, track_count)
       VALUES ('c1', 'beatport:top-100', 'page', 'https://www.beatport.com/top-100', 'Top 100', now(), '{}', 'h', 0)`,
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO jobs (id, chart_id, chart_ref, source, expected_count, processed_count, matched_count, deadline_at)
         VALUES (gen_random_uuid(), 'c1', 'beatport:top-100', 'page', 1, 1, 0, now())`,
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
