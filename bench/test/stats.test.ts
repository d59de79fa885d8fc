import { describe, expect, it } from 'vitest';
import { median, percentile, round, summarise } from '../stats.js';

describe('percentile', () => {
  it('takes the nearest-rank sample of the sorted values', () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 50)).toBe(30);
    expect(percentile(values, 95)).toBe(50);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 100)).toBe(50);
  });

  it('returns an observed sample for an even count (the lower middle), never an interpolation', () => {
    expect(median([4, 1, 3, 2])).toBe(2);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it('is NaN for no values and rejects p outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(/0\.\.100/);
  });
});

describe('summarise', () => {
  it('reports count, p50, p95, max and mean', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarise(values)).toEqual({ count: 100, p50Ms: 50, p95Ms: 95, maxMs: 100, meanMs: 50.5 });
  });
});

describe('round', () => {
  it('keeps more decimals for small numbers', () => {
    expect(round(3.14159)).toBe(3.14);
    expect(round(123.456)).toBe(123.5);
    expect(round(12345.6)).toBe(12346);
    expect(round(Number.NaN)).toBeNaN();
  });
});
