// The quota ledger against a real PostgreSQL: concurrent spenders never pass the budget.
import { createTestDatabase, TestDatabase } from '@charts-vibe/shared/testing';
import { QuotaLedgerRepository } from './quota-ledger.repository';
import { ManualClock } from '../testing/test-config';
import { QuotaExhaustedError, YouTubeQuota } from './youtube-quota';

describe('the YouTube quota ledger', () => {
  let db: TestDatabase;
  let ledger: QuotaLedgerRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = new QuotaLedgerRepository(db.dataSource);
  });
  afterAll(() => db.drop());

  it('lets 40 concurrent spenders of 50 units take exactly the 1,000 a budget allows', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => ledger.trySpend('2026-12-04', 'race', 50, 1_000)));
    expect(results.filter((total) => total !== null)).toHaveLength(20);
    expect(await ledger.spentOn('2026-12-04', 'race')).toBe(1_000);
  });

  it('counts per Pacific day and per credential, and refuses with the time of the reset', async () => {
    const clock = new ManualClock(new Date('2026-12-05T07:59:00Z'));
    const quota = new YouTubeQuota(ledger, clock, 'daily', 100);
    await quota.spend('playlists.insert');
    await quota.spend('playlistItems.insert');
    const refused = await quota.spend('playlistItems.list').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(QuotaExhaustedError);
    expect((refused as QuotaExhaustedError).resumeAfter.toISOString()).toBe('2026-12-05T08:00:00.000Z');
    expect(await ledger.spentOn('2026-12-04', 'daily')).toBe(100);

    clock.set('2026-12-05T08:00:00Z');
    await quota.spend('playlistItems.list');
    expect(await ledger.spentOn('2026-12-05', 'daily')).toBe(1);
    expect(await ledger.spentOn('2026-12-05', 'other')).toBe(0);
  });
});
