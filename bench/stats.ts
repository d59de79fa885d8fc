/**
 * Latency statistics of a load run. Percentiles use the nearest-rank method on a sorted copy, so p50 of an even
 * count is the lower middle sample (a real observed latency, never an interpolation).
 */

/** Summary of a set of latencies in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/** Nearest-rank percentile (`p` in 0..100) of `values`; NaN for an empty set. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within 0..100; got ${p}.`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** The median (nearest-rank p50). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Count, p50, p95, max and mean of `values`. */
export function summarise(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50Ms: Number.NaN, p95Ms: Number.NaN, maxMs: Number.NaN, meanMs: Number.NaN };
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v > max) max = v;
    sum += v;
  }
  return { count: values.length, p50Ms: percentile(values, 50), p95Ms: percentile(values, 95), maxMs: max, meanMs: sum / values.length };
}

/** Rounds for display and JSON: 2 decimals below 10, 1 below 1000, integers above. NaN stays NaN. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  const factor = abs < 10 ? 100 : abs < 1000 ? 10 : 1;
  return Math.round(value * factor) / factor;
}
