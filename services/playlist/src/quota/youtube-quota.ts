// Decides whether a YouTube call may be made: each call's units are taken from the day's
// budget before it is sent (YouTube charges failed calls too), or the call is refused with
// the time the budget comes back.
import { counter, gauge } from '@charts-vibe/shared';
import { Clock } from './clock';
import { nextPacificMidnight, pacificDay } from './pacific-day';
import { QuotaLedgerRepository } from './quota-ledger.repository';

/** Units per call (https://developers.google.com/youtube/v3/determine_quota_cost). */
export const QUOTA_COSTS = {
  'playlists.list': 1,
  'playlists.insert': 50,
  'playlistItems.list': 1,
  'playlistItems.insert': 50,
  'playlistItems.update': 50,
  'playlistItems.delete': 50,
} as const;
export type YouTubeOperation = keyof typeof QUOTA_COSTS;

/** The day's quota is spent (our budget, or YouTube's quotaExceeded); work resumes at `resumeAfter`. */
export class QuotaExhaustedError extends Error {
  override readonly name = 'QuotaExhaustedError';
  constructor(
    message: string,
    readonly resumeAfter: Date,
  ) {
    super(message);
  }
}

export const quotaMetrics = {
  spent: () => counter('charts_vibe_youtube_quota_units_spent_total', 'YouTube Data API quota units spent', ['credential']),
  remaining: () =>
    gauge('charts_vibe_youtube_quota_units_remaining', "Units left in today's YouTube quota budget (Pacific day)", ['credential']),
};

export class YouTubeQuota {
  constructor(
    private readonly ledger: QuotaLedgerRepository,
    private readonly clock: Clock,
    readonly credential: string,
    readonly dailyBudget: number,
  ) {}

  /** Takes the units of one call from today's budget, or throws QuotaExhaustedError. */
  async spend(operation: YouTubeOperation): Promise<void> {
    const now = this.clock.now();
    const day = pacificDay(now);
    const units = QUOTA_COSTS[operation];
    const total = await this.ledger.trySpend(day, this.credential, units, this.dailyBudget);
    if (total === null) {
      quotaMetrics.remaining().set({ credential: this.credential }, Math.max(0, this.dailyBudget - (await this.ledger.spentOn(day, this.credential))));
      throw new QuotaExhaustedError(
        `the daily YouTube quota budget of ${this.dailyBudget} units is spent for ${day} (Pacific); ${operation} needs ${units}`,
        nextPacificMidnight(now),
      );
    }
    quotaMetrics.spent().inc({ credential: this.credential }, units);
    quotaMetrics.remaining().set({ credential: this.credential }, this.dailyBudget - total);
  }

  /** YouTube answered quotaExceeded: the rest of today's budget is treated as spent. */
  async exhausted(reason: string): Promise<QuotaExhaustedError> {
    const now = this.clock.now();
    const day = pacificDay(now);
    await this.ledger.markExhausted(day, this.credential, this.dailyBudget);
    quotaMetrics.remaining().set({ credential: this.credential }, 0);
    return new QuotaExhaustedError(`YouTube answered ${reason} for ${day} (Pacific)`, nextPacificMidnight(now));
  }

  spentToday(): Promise<number> {
    return this.ledger.spentOn(pacificDay(this.clock.now()), this.credential);
  }
}
