// The fewest YouTube calls that turn what a playlist holds into the chart's order: delete
// what is not wanted (dropped tracks, duplicates), move only the items outside the longest
// run already in the right relative order, insert what is new at its place. One step at a
// time, each computed from the playlist as it is now, so a failed or skipped call never
// leaves a stale plan behind.

export interface PlaylistEntry {
  itemId: string;
  videoId: string;
}

export type SyncStep =
  | { kind: 'delete'; item: PlaylistEntry }
  | { kind: 'move'; item: PlaylistEntry; position: number }
  /** `position` is 0-based; `atEnd` says it appends (then the call needs no position). */
  | { kind: 'insert'; videoId: string; position: number; atEnd: boolean };

/** The next call to make, or null when the playlist equals `desired` (distinct video ids, in order). */
export function nextSyncStep(current: readonly PlaylistEntry[], desired: readonly string[]): SyncStep | null {
  const wanted = new Map(desired.map((videoId, index) => [videoId, index]));

  const seen = new Set<string>();
  for (const item of current) {
    if (!wanted.has(item.videoId) || seen.has(item.videoId)) return { kind: 'delete', item };
    seen.add(item.videoId);
  }

  const ranks = current.map((item) => wanted.get(item.videoId)!);
  const inOrder = longestIncreasingRun(ranks);
  if (inOrder.size < current.length) {
    // Move the first misplaced item (in chart order) right after the last in-order item that precedes it in the chart.
    const moverIndex = ranks.reduce((best, rank, index) => (!inOrder.has(index) && (best < 0 || rank < ranks[best]) ? index : best), -1);
    const mover = current[moverIndex];
    const rest = current.filter((_, index) => index !== moverIndex);
    const restRanks = rest.map((item) => wanted.get(item.videoId)!);
    const stable = new Set([...inOrder].map((index) => current[index].itemId));
    let position = 0;
    rest.forEach((item, index) => {
      if (stable.has(item.itemId) && restRanks[index] < ranks[moverIndex]) position = index + 1;
    });
    return { kind: 'move', item: mover, position };
  }

  let present = 0;
  for (const videoId of desired) {
    if (seen.has(videoId)) {
      present++;
      continue;
    }
    return { kind: 'insert', videoId, position: present, atEnd: present === current.length };
  }
  return null;
}

/** The playlist after `step` succeeded (`itemId` is the new item's id for an insert). */
export function applySyncStep(current: readonly PlaylistEntry[], step: SyncStep, itemId?: string): PlaylistEntry[] {
  const next = [...current];
  switch (step.kind) {
    case 'delete':
      return next.filter((item) => item.itemId !== step.item.itemId);
    case 'move': {
      const without = next.filter((item) => item.itemId !== step.item.itemId);
      without.splice(step.position, 0, step.item);
      return without;
    }
    case 'insert':
      if (!itemId) throw new Error('an insert step needs the id of the item YouTube created');
      next.splice(step.position, 0, { itemId, videoId: step.videoId });
      return next;
  }
}

/** Indexes of one longest strictly increasing subsequence of `values` (patience sorting, O(n log n)). */
export function longestIncreasingRun(values: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k]: index of the smallest tail of a run of length k + 1
  const previous: number[] = new Array(values.length).fill(-1);
  values.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]] < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1];
    tails[low] = index;
  });
  const run = new Set<number>();
  for (let index = tails.at(-1) ?? -1; index >= 0; index = previous[index]) run.add(index);
  return run;
}
