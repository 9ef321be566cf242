import { createDeadLetter, MAX_ORIGINAL_VALUE_BYTES, truncateOriginalValue } from './dead-letter';

const letterOf = (originalValue: string) =>
  createDeadLetter({
    originalTopic: 'chart.scraped',
    originalKey: 'k',
    originalValue,
    originalHeaders: {},
    originalPartition: 0,
    originalOffset: '7',
    error: 'value is not JSON',
    kind: 'malformed',
    service: 'chart-processor',
    attempts: 0,
  });

/** What Kafka must accept: the letter as the handler sends it. */
const letterBytes = (originalValue: string) => Buffer.byteLength(JSON.stringify(letterOf(originalValue)), 'utf8');

describe('the original value in a dead letter', () => {
  it('is kept whole when it is small', () => {
    const value = '{"broken": "quotes \\" and ünïcödé", ';
    expect(letterOf(value).payload.originalValue).toBe(value);
  });

  it('is cut, saying so, when a near-1 MB original full of quotes would not fit in a Kafka message', () => {
    const value = JSON.stringify(Array.from({ length: 200_000 }, () => 'ab'));
    expect(Buffer.byteLength(value)).toBeGreaterThan(990_000);
    // Quoted once more it would pass Kafka's default 1,048,588 bytes.
    expect(Buffer.byteLength(JSON.stringify(value))).toBeGreaterThan(1_048_588);
    const kept = letterOf(value).payload.originalValue;
    const marker = kept.match(/ …\[truncated: (\d+) of (\d+) bytes kept\]$/);
    expect(marker).not.toBeNull();
    expect(Number(marker![2])).toBe(Buffer.byteLength(value));
    const prefix = kept.slice(0, marker!.index);
    expect(value.startsWith(prefix)).toBe(true);
    expect(Number(marker![1])).toBe(Buffer.byteLength(prefix));
    expect(letterBytes(value)).toBeLessThan(MAX_ORIGINAL_VALUE_BYTES + 4_096);
  });

  it('stays within the budget for the worst case, control characters that JSON writes as \\u00XX', () => {
    const value = '\u0001'.repeat(1_000_000);
    const kept = truncateOriginalValue(value);
    expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThanOrEqual(MAX_ORIGINAL_VALUE_BYTES);
    expect(kept.length).toBeGreaterThan(MAX_ORIGINAL_VALUE_BYTES / 6 - 100);
  });

  it('never ends on half of a character outside the BMP', () => {
    for (let budget = 60; budget < 80; budget++) {
      const kept = truncateOriginalValue('🎵'.repeat(100), budget);
      expect(kept).toMatch(/^(🎵)* …\[truncated: \d+ of 400 bytes kept\]$/u);
      expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThanOrEqual(budget);
    }
  });
});
