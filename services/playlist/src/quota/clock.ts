// The time, injectable so tests can move past a quota reset without waiting for midnight.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
