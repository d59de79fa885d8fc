/**
 * The default retry schedule: exponential backoff from 30 s, capped at one hour, each wait jittered between half
 * and all of its ceiling; over the one-day retry window that is some thirty to fifty attempts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, exponentialBackoff } from '../../../lib/webhooks/retry-schedule.js';

describe('exponentialBackoff', () => {
  it('doubles from the base to the cap, at the top of the jitter', () => {
    const top = exponentialBackoff(DEFAULT_BACKOFF, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => Math.round(top(n)! / 1000))).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });

  it('waits at least half the ceiling at the bottom of the jitter', () => {
    const bottom = exponentialBackoff(DEFAULT_BACKOFF, () => 0);
    expect([1, 2, 8, 20].map((n) => bottom(n))).toEqual([15_000, 30_000, 1_800_000, 1_800_000]);
  });

  it('spreads waits of one attempt between half and all of the ceiling', () => {
    const values = [0, 0.25, 0.5, 0.75];
    const waits = values.map((r) => exponentialBackoff(DEFAULT_BACKOFF, () => r)(3)!);
    expect(new Set(waits).size).toBe(4);
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(60_000);
      expect(wait).toBeLessThanOrEqual(120_000);
    }
  });

  it('tries a delivery some thirty to fifty times in a day', () => {
    for (const r of [0, 0.5, 0.999]) {
      const schedule = exponentialBackoff(DEFAULT_BACKOFF, () => r);
      let elapsed = 0;
      let attempts = 1;
      while (elapsed + schedule(attempts)! <= 24 * 60 * 60_000) elapsed += schedule(attempts++)!;
      expect(attempts).toBeGreaterThanOrEqual(28);
      expect(attempts).toBeLessThanOrEqual(55);
    }
  });
});
