import { rateWindow } from './track-search.service';

describe('rateWindow', () => {
  it.each([
    [5, { interval: 200, intervalCap: 1 }],
    [10, { interval: 100, intervalCap: 1 }],
    [100, { interval: 10, intervalCap: 1 }],
    [1_000, { interval: 10, intervalCap: 10 }],
    [2_500, { interval: 10, intervalCap: 25 }],
  ])('spreads %d searches a second as %o', (rate, window) => {
    expect(rateWindow(rate)).toEqual(window);
    // The window never allows more than the configured rate.
    expect((window.intervalCap * 1000) / window.interval).toBeLessThanOrEqual(rate);
  });
});
