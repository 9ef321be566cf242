import { createDeadLetter } from '@charts-vibe/shared';
import { DeadLetterRecord, dlqTopicFor, selectForReplay } from './dead-letters';

function record(offset: number, kind: 'malformed' | 'exhausted', originalId: string | null): DeadLetterRecord {
  const letter = createDeadLetter({
    originalTopic: 'p.track.requested',
    originalKey: 'beatport:1',
    originalValue: originalId ? JSON.stringify({ id: originalId }) : 'not json',
    originalHeaders: {},
    originalPartition: 0,
    originalOffset: String(offset),
    error: 'search failed',
    kind,
    service: 'track-search',
    attempts: 3,
  });
  return { partition: 0, offset: String(offset), letter, originalId };
}

describe('dlqTopicFor', () => {
  it.each([
    ['track.requested', 'p.', 'p.track.requested.dlq'],
    ['track.requested.dlq', 'p.', 'p.track.requested.dlq'],
    ['p.job.completed.dlq', 'p.', 'p.job.completed.dlq'],
    ['chart.scraped', '', 'chart.scraped.dlq'],
  ])('reads %s (prefix "%s") as %s', (topic, prefix, expected) => {
    expect(dlqTopicFor(topic, prefix)).toBe(expected);
  });

  it('refuses a topic the pipeline does not have', () => {
    expect(() => dlqTopicFor('tracks', '')).toThrow(/unknown topic "tracks": one of chart.scraped/);
  });
});

describe('selectForReplay', () => {
  const records = [record(0, 'exhausted', 'a'), record(1, 'malformed', null), record(2, 'exhausted', 'b'), { partition: 0, offset: '3', letter: null, originalId: null, problem: 'bad' }];

  it('replays every readable letter except malformed ones by default', () => {
    expect(selectForReplay(records, {}).map((r) => r.offset)).toEqual(['0', '2']);
  });

  it('includes malformed ones when asked', () => {
    expect(selectForReplay(records, { includeMalformed: true }).map((r) => r.offset)).toEqual(['0', '1', '2']);
  });

  it('picks one letter by its original message id or its own id', () => {
    expect(selectForReplay(records, { id: 'b' }).map((r) => r.offset)).toEqual(['2']);
    expect(selectForReplay(records, { id: records[1].letter!.id }).map((r) => r.offset)).toEqual(['1']);
  });

  it('fails clearly for an id it does not hold', () => {
    expect(() => selectForReplay(records, { id: 'nope' })).toThrow('no dead letter with id nope');
  });
});
