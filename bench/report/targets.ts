/**
 * The guard rails (issue 13, point 7; the deep cursor page from issue 6), each as a row: the figure, what it is
 * compared with, the ratio, the target and whether it is met. Ratios are of throughput (higher is better) or of latency (lower is better) as
 * each target states; a figure that could not be measured says why instead of a verdict.
 */
import type { FloorResults } from '../floor/run-floors.js';
import type { ScimResults } from '../bench-results.js';
import { round } from '../stats.js';

/** met / not met, or why there is no verdict. */
export type Verdict = 'met' | 'not met' | 'info' | 'not measured' | 'not supported by the server';

/** One row of the table. */
export interface TargetRow {
  readonly figure: string;
  readonly value?: number;
  readonly unit: string;
  /** What the figure is compared with, e.g. "Express+INSERT floor". */
  readonly baseLabel?: string;
  readonly base?: number;
  readonly ratio?: number;
  /** The target as the issue states it, e.g. "≥ 0.6 × floor". */
  readonly target: string;
  readonly verdict: Verdict;
  readonly note?: string;
}

interface Comparison {
  readonly figure: string;
  readonly unit: string;
  readonly value: number | undefined;
  readonly baseLabel?: string;
  readonly base?: number | undefined;
  /** `min`: ratio (or value without a base) must be ≥ limit; `max`: ≤ limit; undefined: informational. */
  readonly bound?: 'min' | 'max';
  readonly limit?: number;
  readonly target: string;
  /** Why `value` is missing. */
  readonly missing?: { readonly verdict: 'not measured' | 'not supported by the server'; readonly note: string };
  readonly note?: string;
}

/** Builds a row: ratio = value / base when both are there; the verdict compares the ratio (or value) with the limit. */
export function compare(c: Comparison): TargetRow {
  const head = { figure: c.figure, unit: c.unit, target: c.target, ...(c.baseLabel ? { baseLabel: c.baseLabel } : {}) };
  const withBase = c.base !== undefined && Number.isFinite(c.base) ? { base: round(c.base) } : {};
  if (c.value === undefined || !Number.isFinite(c.value)) {
    const missing = c.missing ?? { verdict: 'not measured' as const, note: 'no figure' };
    return { ...head, ...withBase, verdict: missing.verdict, note: missing.note };
  }
  const hasBase = c.baseLabel !== undefined;
  if (hasBase && (c.base === undefined || !Number.isFinite(c.base) || c.base <= 0)) {
    return { ...head, value: round(c.value), verdict: 'not measured', note: `no ${c.baseLabel} figure to compare with` };
  }
  const ratio = hasBase ? c.value / (c.base as number) : undefined;
  const compared = ratio ?? c.value;
  const verdict: Verdict =
    c.bound === undefined || c.limit === undefined ? 'info' : (c.bound === 'min' ? compared >= c.limit : compared <= c.limit) ? 'met' : 'not met';
  return {
    ...head,
    value: round(c.value),
    ...withBase,
    ...(ratio !== undefined ? { ratio: round(ratio) } : {}),
    verdict,
    ...(c.note ? { note: c.note } : {}),
  };
}

function missing(phase: { state: string; note?: string } | undefined, what: string): Comparison['missing'] {
  if (!phase) return { verdict: 'not measured', note: `${what} did not run` };
  if (phase.state === 'unsupported') return { verdict: 'not supported by the server', note: phase.note ?? '' };
  return { verdict: 'not measured', note: phase.note ?? `${what}: ${phase.state}` };
}

/** The table of the targets for one run. */
export function targetRows(scim: ScimResults, floor: FloorResults): TargetRow[] {
  const postRate = scim.createUsers?.load?.requestsPerSecond;
  const insertFloor = floor.insert?.requestsPerSecond;
  const bareFloor = floor.bare?.requestsPerSecond;
  const { group, removals, bulk, paging } = scim;
  const cursor = paging?.cursor;
  const index = paging?.index;
  const membersAtEnd = group?.lastBatchAtMembers;
  return [
    compare({
      figure: 'POST /Users', unit: 'req/s', value: postRate, baseLabel: 'Express+INSERT floor', base: insertFloor,
      bound: 'min', limit: 0.4, target: '≥ 0.4 × floor', missing: missing(scim.createUsers, 'POST /Users'),
    }),
    compare({
      figure: 'userName lookup', unit: 'req/s', value: scim.lookups?.load?.requestsPerSecond, baseLabel: 'bare Express floor', base: bareFloor,
      bound: 'min', limit: 0.25, target: '≥ 0.25 × floor', missing: missing(scim.lookups, 'userName lookups'),
    }),
    compare({
      figure: 'userName lookup', unit: 'req/s', value: scim.lookups?.load?.requestsPerSecond, baseLabel: 'Express+SELECT floor',
      base: floor.select?.requestsPerSecond, target: '(for reference)', missing: missing(scim.lookups, 'userName lookups'),
    }),
    compare({
      figure: 'PUT /Users', unit: 'req/s', value: scim.puts?.load?.requestsPerSecond, baseLabel: 'Express+INSERT floor', base: insertFloor,
      bound: 'min', limit: 0.35, target: '≥ 0.35 × floor', missing: missing(scim.puts, 'PUT /Users'),
    }),
    compare({
      figure: `PATCH +${group?.batchSize ?? 100} members at ${membersAtEnd ?? '?'} members`, unit: 'ms', value: group?.lastBatchMs,
      baseLabel: 'first batch', base: group?.firstBatchMs, bound: 'max', limit: 1.3, target: '≤ 1.3 × first batch',
      missing: missing(group, 'group growth'),
      ...(group?.window ? { note: `medians of the first and last ${group.window} batches` } : {}),
    }),
    compare({
      figure: `member removal (group of ${removals?.groupMembers ?? '?'})`, unit: 'ms (median)', value: removals?.medianMs,
      bound: 'max', limit: 3, target: '≤ 3 ms', missing: missing(removals, 'member removal'),
    }),
    compare({
      figure: 'Bulk import', unit: 'users/s', value: bulk?.state === 'measured' ? bulk.usersPerSecond : undefined, baseLabel: 'single POST /Users',
      base: postRate, bound: 'min', limit: 3, target: '≥ 3 × single POST', missing: missing(bulk, 'Bulk import'),
    }),
    compare({
      figure: 'deep cursor page', unit: 'ms (p50)', value: cursor?.deepPageMs, baseLabel: 'first cursor page', base: cursor?.firstPageMs,
      bound: 'max', limit: 1.5, target: '≤ 1.5 × first page', missing: missing(cursor, 'cursor paging'),
      ...(cursor?.deepFrom ? { note: `deep page timed by ${cursor.deepFrom}` } : {}),
    }),
    compare({
      figure: `deep index page (startIndex ${index?.deepStartIndex ?? '?'})`, unit: 'ms (p50)', value: index?.deep?.p50Ms,
      baseLabel: 'first index page', base: index?.first?.p50Ms, target: '(for reference)', missing: missing(index, 'index paging'),
    }),
    compare({
      figure: 'server RSS, max', unit: 'MB', value: scim.rss?.maxMb, bound: 'max', limit: 250, target: '≤ 250 MB',
      missing: { verdict: 'not measured', note: scim.rss ? 'no /proc samples' : 'the server did not run' },
    }),
  ];
}
