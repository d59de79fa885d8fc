/**
 * Issue 18's targets for the multi-tenant run, as rows of the benchmark's targets table: the paced tenants' p99
 * under 100 ms alone and beside the noisy tenant, their p99 rising by at most 25 % with it, and server RSS not
 * growing with the number of tenants beyond bounded caches (read as: after requests to every tenant, at most 10 %
 * above RSS after requests to the first step's tenants, a margin for the garbage collector's timing). The noisy
 * tenant's throughput and 429s and the per-tenant growth of RSS are shown for information.
 */
import { compare, type TargetRow } from '../report/targets.js';
import { round } from '../stats.js';
import type { TenantsFigures } from './tenants-report.js';

/** Most RSS after requests to all tenants, as a multiple of RSS after the first step. */
export const RSS_GROWTH_LIMIT = 1.1;

/** The rows of a run. */
export function tenantsTargetRows(figures: TenantsFigures): TargetRow[] {
  const { paced, pacedWithNoisy, noisy } = figures;
  const steps = figures.rssByTenants;
  const first = steps[0];
  const last = steps.at(-1);
  const before = steps.at(-2);
  const perTenantKb =
    last?.rssMb !== undefined && before?.rssMb !== undefined && last.tenants > before.tenants ? ((last.rssMb - before.rssMb) * 1000) / (last.tenants - before.tenants) : undefined;
  return [
    compare({ figure: 'paced tenants p99, alone', unit: 'ms', value: paced.p99Ms, bound: 'max', limit: 100, target: '< 100 ms' }),
    compare({ figure: 'paced tenants p99, beside the noisy tenant', unit: 'ms', value: pacedWithNoisy.p99Ms, bound: 'max', limit: 100, target: '< 100 ms' }),
    compare({
      figure: 'paced p99 rise with the noisy tenant',
      unit: 'ms',
      value: pacedWithNoisy.p99Ms,
      baseLabel: 'p99 alone',
      base: paced.p99Ms,
      bound: 'max',
      limit: 1.25,
      target: '≤ 1.25 × alone',
    }),
    compare({
      figure: `server RSS after requests to ${last?.tenants ?? '?'} tenants`,
      unit: 'MB',
      value: last?.rssMb,
      baseLabel: `RSS after ${first?.tenants ?? '?'} tenants`,
      base: first?.rssMb,
      bound: 'max',
      limit: RSS_GROWTH_LIMIT,
      target: `≤ ${RSS_GROWTH_LIMIT} × (bounded caches only)`,
      ...(first === last ? { missing: { verdict: 'not measured', note: 'only one step of tenants' } as const, value: undefined } : {}),
    }),
    compare({
      figure: `RSS per tenant from ${before?.tenants ?? '?'} to ${last?.tenants ?? '?'} tenants`,
      unit: 'KB',
      value: perTenantKb,
      target: '(for information)',
    }),
    compare({
      figure: 'noisy tenant, answered 2xx',
      unit: 'req/s',
      value: noisy.succeededPerSecond,
      target: '(for information)',
      note: `${noisy.requestsPerSecond} req/s answered in all; ${noisy.rateLimited} answered 429 by the rate limit, ${noisy.queueFull} by the fair queue`,
    }),
    compare({
      figure: 'paced tenants: 429s and other failures',
      unit: '',
      value: paced.rateLimited + paced.queueFull + paced.otherFailures + pacedWithNoisy.rateLimited + pacedWithNoisy.queueFull + pacedWithNoisy.otherFailures,
      target: '(for information: 0 expected)',
      note: `send lag p99 ${round(pacedWithNoisy.sendLagP99Ms ?? Number.NaN)} ms beside the noisy tenant (the generator's own lateness, part of the latencies)`,
    }),
  ];
}
