/**
 * When a failed delivery is tried again: exponential backoff with jitter. The n-th failure waits a random time
 * between half and all of `min(base · 2^(n-1), cap)`, so endpoints that failed together do not all come back at
 * once; with the defaults (30 s doubling to a cap of one hour) a delivery is tried some thirty to fifty times in
 * the day it is retried for.
 */

/** The wait after the `attempt`-th failed attempt (1 for the first), in ms; undefined to give up. */
export type RetrySchedule = (attempt: number) => number | undefined;

/** Shape of the default schedule. */
export interface BackoffShape {
  readonly baseMs: number;
  readonly capMs: number;
}

/** The defaults: 30 s doubling to one hour. */
export const DEFAULT_BACKOFF: BackoffShape = Object.freeze({ baseMs: 30_000, capMs: 60 * 60_000 });

/** Exponential backoff with "equal jitter"; `random` returns a number in [0, 1). */
export function exponentialBackoff(shape: BackoffShape = DEFAULT_BACKOFF, random: () => number = Math.random): RetrySchedule {
  return (attempt) => {
    const ceiling = Math.min(shape.capMs, shape.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  };
}
