// YouTube's daily quota resets at midnight Pacific time; the ledger counts units per such day.
const PACIFIC = 'America/Los_Angeles';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: PACIFIC, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Pacific-time calendar day of an instant, `YYYY-MM-DD`. */
export function pacificDay(instant: Date): string {
  return dayFormat.format(instant);
}

/** The instant the quota day after `instant`'s begins (next midnight in Los Angeles). */
export function nextPacificMidnight(instant: Date): Date {
  const [year, month, day] = pacificDay(instant).split('-').map(Number);
  const nextDayUtc = Date.UTC(year, month - 1, day + 1);
  const nextDay = new Date(nextDayUtc).toISOString().slice(0, 10);
  // Midnight is 07:00 UTC under daylight time (UTC-7) and 08:00 UTC otherwise (UTC-8).
  const daylight = new Date(nextDayUtc + 7 * 3_600_000);
  return pacificDay(daylight) === nextDay ? daylight : new Date(nextDayUtc + 8 * 3_600_000);
}
