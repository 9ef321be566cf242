import fc from 'fast-check';
import { applySyncStep, longestIncreasingRun, nextSyncStep, PlaylistEntry, SyncStep } from './sync-plan';

function entries(videoIds: string[]): PlaylistEntry[] {
  return videoIds.map((videoId, index) => ({ itemId: `item-${index}-${videoId}`, videoId }));
}

/** Runs the plan to the end like the writer does; returns the steps taken and the final playlist. */
function sync(current: PlaylistEntry[], desired: string[]): { steps: SyncStep[]; final: string[] } {
  const steps: SyncStep[] = [];
  let playlist = current;
  for (let step = nextSyncStep(playlist, desired); step; step = nextSyncStep(playlist, desired)) {
    steps.push(step);
    if (steps.length > 1_000) throw new Error('the plan does not converge');
    playlist = applySyncStep(playlist, step, `new-${steps.length}`);
  }
  return { steps, final: playlist.map((entry) => entry.videoId) };
}

const count = (steps: SyncStep[], kind: SyncStep['kind']) => steps.filter((step) => step.kind === kind).length;

/** The length of a longest increasing subsequence, the slow obvious way. */
function lisLength(values: number[]): number {
  const best = values.map(() => 1);
  values.forEach((value, i) => {
    for (let j = 0; j < i; j++) if (values[j] < value) best[i] = Math.max(best[i], best[j] + 1);
  });
  return Math.max(0, ...best);
}

describe('the playlist sync plan', () => {
  it('appends every track to an empty playlist, in order, without positions', () => {
    const { steps, final } = sync([], ['a', 'b', 'c']);
    expect(final).toEqual(['a', 'b', 'c']);
    expect(steps).toEqual([
      { kind: 'insert', videoId: 'a', position: 0, atEnd: true },
      { kind: 'insert', videoId: 'b', position: 1, atEnd: true },
      { kind: 'insert', videoId: 'c', position: 2, atEnd: true },
    ]);
  });

  it('does nothing when the playlist already equals the chart', () => {
    expect(nextSyncStep(entries(['a', 'b', 'c']), ['a', 'b', 'c'])).toBeNull();
  });

  it('moves one item when one track jumped, not every item it passed', () => {
    const { steps, final } = sync(entries(['a', 'b', 'c', 'd', 'e']), ['e', 'a', 'b', 'c', 'd']);
    expect(final).toEqual(['e', 'a', 'b', 'c', 'd']);
    expect(steps).toEqual([{ kind: 'move', item: expect.objectContaining({ videoId: 'e' }), position: 0 }]);
  });

  it('deletes dropped tracks and duplicates, inserts new ones in the middle at their place', () => {
    const { steps, final } = sync(entries(['a', 'x', 'b', 'a', 'c']), ['a', 'n', 'b', 'c']);
    expect(final).toEqual(['a', 'n', 'b', 'c']);
    expect(steps.map((step) => step.kind)).toEqual(['delete', 'delete', 'insert']);
    expect(steps[2]).toEqual({ kind: 'insert', videoId: 'n', position: 1, atEnd: false });
  });

  it('spends 5 deletes, 3 moves and 5 inserts on a Top 100 with 5 new, 5 dropped and 3 moved tracks', () => {
    const yesterday = Array.from({ length: 100 }, (_, i) => `v${i + 1}`);
    const today = yesterday.filter((v) => !['v10', 'v30', 'v50', 'v70', 'v90'].includes(v) && !['v80', 'v5', 'v40'].includes(v));
    today.splice(2, 0, 'v80');
    today.splice(19, 0, 'v40');
    today.splice(59, 0, 'v5');
    for (const [index, videoId] of [[0, 'n1'], [24, 'n2'], [49, 'n3'], [74, 'n4'], [99, 'n5']] as const) today.splice(index, 0, videoId);
    expect(today).toHaveLength(100);
    const { steps, final } = sync(entries(yesterday), today);
    expect(final).toEqual(today);
    expect({ deletes: count(steps, 'delete'), moves: count(steps, 'move'), inserts: count(steps, 'insert') }).toEqual({
      deletes: 5,
      moves: 3,
      inserts: 5,
    });
  });

  it('reaches any chart from any playlist with the fewest deletes, moves and inserts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 40 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }),
        (currentIds, desiredIds) => {
          const current = entries(currentIds.map(String));
          const desired = desiredIds.map(String);
          const { steps, final } = sync(current, desired);
          expect(final).toEqual(desired);
          const kept = [...new Set(currentIds)].filter((id) => desiredIds.includes(id));
          const keptRanks = currentIds
            .filter((id, index) => desiredIds.includes(id) && currentIds.indexOf(id) === index)
            .map((id) => desiredIds.indexOf(id));
          expect(count(steps, 'delete')).toBe(currentIds.length - kept.length);
          expect(count(steps, 'insert')).toBe(desiredIds.length - kept.length);
          expect(count(steps, 'move')).toBe(kept.length - lisLength(keptRanks));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('longestIncreasingRun', () => {
  it.each([
    [[], 0],
    [[3, 1, 2], 2],
    [[1, 2, 3, 4], 4],
    [[4, 3, 2, 1], 1],
    [[0, 8, 4, 12, 2, 10, 6, 14, 1, 9], 4],
  ])('finds a run of the right length in %j', (values, length) => {
    const run = [...longestIncreasingRun(values)].sort((a, b) => a - b);
    expect(run).toHaveLength(length);
    expect(run.map((index) => values[index])).toEqual([...run.map((index) => values[index])].sort((a, b) => a - b));
  });
});
