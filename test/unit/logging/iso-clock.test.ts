/**
 * The log timestamp clock must print exactly what `Date#toISOString` prints, across minute boundaries, clock steps
 * and unusual years, since it replaced it in the default logger.
 */
import { describe, expect, it } from 'vitest';
import { createIsoClock } from '../../../lib/logging/iso-clock.js';

describe('createIsoClock', () => {
  it('prints what toISOString prints, across minute, hour, day and year boundaries', () => {
    let now = 0;
    const clock = createIsoClock(() => now);
    const boundaries = [Date.UTC(2024, 1, 29, 23, 59, 59, 998), Date.UTC(2025, 11, 31, 23, 59, 58, 990), Date.UTC(2026, 5, 1, 9, 0, 59, 999)];
    for (const boundary of boundaries) {
      for (let t = boundary; t < boundary + 2_500; t += 7) {
        now = t;
        expect(clock()).toBe(new Date(t).toISOString());
      }
    }
  });

  it('follows the clock backwards and prints times before 1970 and after 9999', () => {
    let now = Date.UTC(2030, 0, 1, 0, 1, 0, 5);
    const clock = createIsoClock(() => now);
    for (const t of [now, now - 60_001, now - 1, Date.UTC(1969, 11, 31, 23, 59, 59, 999), -1, -60_000, -60_001, 253_402_300_799_999, 253_402_300_800_000 + 61_234]) {
      now = t;
      expect(clock()).toBe(new Date(t).toISOString());
    }
  });

  it('drops fractions of a millisecond as toISOString does', () => {
    const clock = createIsoClock(() => 1_700_000_000_123.9);
    expect(clock()).toBe(new Date(1_700_000_000_123).toISOString());
  });

  it('reads Date.now by default', () => {
    const before = Date.now();
    const printed = Date.parse(createIsoClock()());
    expect(printed).toBeGreaterThanOrEqual(before);
    expect(printed).toBeLessThanOrEqual(Date.now());
  });
});
