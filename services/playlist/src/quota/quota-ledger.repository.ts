// The YouTube quota ledger: units spent per Pacific-time day per credential. Every replica
// spends through the same row, so the budget holds across processes.
import { DataSource } from 'typeorm';

export class QuotaLedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds `units` to the day's spending if that keeps it within `budget`; returns the new
   * total, or null when the budget would be exceeded (nothing is spent then). Correct under
   * concurrency: INSERT … ON CONFLICT DO UPDATE locks the row and evaluates its WHERE
   * against the latest committed total, so two replicas can never both take the last units.
   */
  async trySpend(day: string, credential: string, units: number, budget: number): Promise<number | null> {
    const rows: { units_spent: number }[] = await this.dataSource.query(
      `INSERT INTO youtube_quota_ledger AS ledger (day, credential, units_spent)
       SELECT $1::date, $2, $3::int WHERE $3::int <= $4::int
       ON CONFLICT (day, credential) DO UPDATE
         SET units_spent = ledger.units_spent + EXCLUDED.units_spent
         WHERE ledger.units_spent + EXCLUDED.units_spent <= $4::int
       RETURNING units_spent`,
      [day, credential, units, budget],
    );
    return rows[0]?.units_spent ?? null;
  }

  /** YouTube said the day's quota is gone: no one here spends more of it until the reset. */
  async markExhausted(day: string, credential: string, budget: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO youtube_quota_ledger AS ledger (day, credential, units_spent) VALUES ($1::date, $2, $3::int)
       ON CONFLICT (day, credential) DO UPDATE SET units_spent = GREATEST(ledger.units_spent, EXCLUDED.units_spent)`,
      [day, credential, budget],
    );
  }

  async spentOn(day: string, credential: string): Promise<number> {
    const rows: { units_spent: number }[] = await this.dataSource.query(
      `SELECT units_spent FROM youtube_quota_ledger WHERE day = $1::date AND credential = $2`,
      [day, credential],
    );
    return rows[0]?.units_spent ?? 0;
  }
}
