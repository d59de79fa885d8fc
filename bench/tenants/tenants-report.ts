/**
 * The multi-tenant benchmark's figures and their table: latency of the paced tenants alone and beside the noisy
 * one against issue 18's targets, the noisy tenant's own throughput, and server RSS against tenants touched.
 */
import { percentile, round } from '../stats.js';
import type { PhaseSamples } from './tenant-load.js';

/** One phase's figures. */
export interface PhaseFigures {
  readonly requests: number;
  readonly failures: number;
  readonly firstFailure?: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requestsPerSecond: number;
}

/** Everything a run reports. */
export interface TenantsFigures {
  readonly paced: PhaseFigures;
  readonly pacedWithNoisy: PhaseFigures;
  readonly noisy: PhaseFigures;
  /** Server RSS (MB) after each number of tenants had been sent a request. */
  readonly rssByTenants: readonly { readonly tenants: number; readonly rssMb: number | undefined }[];
  readonly rssAfterLoadMb: number | undefined;
}

/** Figures of a phase's samples over `seconds`. */
export function phaseFigures(samples: PhaseSamples, seconds: number): PhaseFigures {
  return {
    requests: samples.latencies.length,
    failures: samples.failures,
    ...(samples.firstFailure ? { firstFailure: samples.firstFailure } : {}),
    p50Ms: round(percentile(samples.latencies, 50)),
    p99Ms: round(percentile(samples.latencies, 99)),
    requestsPerSecond: round(samples.latencies.length / seconds),
  };
}

const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');

/** The Markdown tables of a run. */
export function formatTenantsReport(figures: TenantsFigures, title: string): string {
  const { paced, pacedWithNoisy, noisy } = figures;
  const rise = (pacedWithNoisy.p99Ms / paced.p99Ms - 1) * 100;
  const row = (name: string, f: PhaseFigures) => `| ${name} | ${f.requests} | ${f.requestsPerSecond} | ${f.p50Ms} | ${f.p99Ms} | ${f.failures} |`;
  return [
    `## ${title}`,
    '',
    '| load | requests | req/s | p50 ms | p99 ms | failures |',
    '|---|---|---|---|---|---|',
    row('paced tenants alone', paced),
    row('paced tenants beside the noisy one', pacedWithNoisy),
    row('noisy tenant', noisy),
    '',
    '| target | figure | verdict |',
    '|---|---|---|',
    `| paced p99 < 100 ms (alone) | ${paced.p99Ms} ms | ${verdict(paced.p99Ms < 100)} |`,
    `| paced p99 < 100 ms (beside the noisy tenant) | ${pacedWithNoisy.p99Ms} ms | ${verdict(pacedWithNoisy.p99Ms < 100)} |`,
    `| paced p99 rises ≤ 25 % with the noisy tenant | ${round(rise)} % | ${verdict(rise <= 25)} |`,
    '',
    '| tenants sent a request | server RSS MB |',
    '|---|---|',
    ...figures.rssByTenants.map((r) => `| ${r.tenants} | ${r.rssMb === undefined ? '?' : round(r.rssMb)} |`),
    `| (after the load phases) | ${figures.rssAfterLoadMb === undefined ? '?' : round(figures.rssAfterLoadMb)} |`,
    ...[paced, pacedWithNoisy, noisy].filter((f) => f.firstFailure).map((f) => `\nfirst failure: ${f.firstFailure}`),
  ].join('\n');
}
