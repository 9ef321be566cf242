import { nextPacificMidnight, pacificDay } from './pacific-day';

describe('the Pacific quota day', () => {
  it.each([
    ['2026-12-04T07:59:59Z', '2026-12-03'],
    ['2026-12-04T08:00:00Z', '2026-12-04'],
    ['2026-07-04T06:59:59Z', '2026-07-03'],
    ['2026-07-04T07:00:00Z', '2026-07-04'],
  ])('puts %s on %s', (instant, day) => {
    expect(pacificDay(new Date(instant))).toBe(day);
  });

  it.each([
    ['2026-12-04T12:00:00Z', '2026-12-05T08:00:00.000Z', 'winter: UTC-8'],
    ['2026-07-04T12:00:00Z', '2026-07-05T07:00:00.000Z', 'summer: UTC-7'],
    ['2026-03-08T06:00:00Z', '2026-03-08T08:00:00.000Z', 'the night before daylight time starts'],
    ['2026-03-08T12:00:00Z', '2026-03-09T07:00:00.000Z', 'the day daylight time starts'],
    ['2026-11-01T12:00:00Z', '2026-11-02T08:00:00.000Z', 'the day daylight time ends'],
    ['2026-12-31T20:00:00Z', '2027-01-01T08:00:00.000Z', 'new year'],
  ])('resets after %s at %s (%s)', (instant, reset) => {
    expect(nextPacificMidnight(new Date(instant)).toISOString()).toBe(reset);
  });
});
