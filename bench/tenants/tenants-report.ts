/**
 * The multi-tenant benchmark's figures and their Markdown: latency of the paced tenants alone and beside the noisy
 * one (overall and by kind of request), the noisy tenant's throughput and 429s, the seeding time, the database
 * pool's use, and server RSS against the number of tenants that had been sent requests.
 */
import { percentile, round } from '../stats.js';
import { formatTargets, markdownTable } from '../report/print-table.js';
import type { PhaseCpu } from './cpu-time.js';
import type { PoolFigures } from './pool-sampler.js';
import type { RequestKind } from './request-mix.js';
import type { SeedTiming } from './seed-tenants.js';
import type { Tally } from './tenant-load.js';
import type { WaitFigures } from './wait-sampler.js';
import { tenantsTargetRows } from './tenants-targets.js';

/** One load's figures. */
export interface LoadFigures {
  /** Answered requests, of any status. */
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** Answered 2xx per second. */
  readonly succeededPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly byKind: Readonly<Record<RequestKind, { readonly count: number; readonly p50Ms: number; readonly p99Ms: number }>>;
  readonly statuses: Readonly<Record<string, number>>;
  readonly rateLimited: number;
  readonly queueFull: number;
  readonly errors: number;
  /** Answers that were neither 2xx nor 429, and requests without an answer. */
  readonly otherFailures: number;
  readonly firstFailure?: string;
  /** p99 and max of how late paced requests were sent (ms); undefined for the closed-loop noisy tenant. */
  readonly sendLagP99Ms?: number;
  readonly sendLagMaxMs?: number;
}

/** Server RSS after requests had reached a number of tenants. */
export interface RssStep {
  readonly tenants: number;
  readonly rssMb: number | undefined;
}

/** Everything a run reports. */
export interface TenantsFigures {
  readonly seeding: SeedTiming;
  readonly paced: LoadFigures;
  readonly pacedWithNoisy: LoadFigures;
  readonly noisy: LoadFigures;
  readonly pool: { readonly alone: PoolFigures; readonly crowded: PoolFigures };
  readonly cpu: { readonly alone: PhaseCpu; readonly crowded: PhaseCpu };
  readonly waits: { readonly alone: WaitFigures; readonly crowded: WaitFigures };
  readonly rssByTenants: readonly RssStep[];
  readonly rssAfterLoadMb: number | undefined;
}

/** Figures of a tally over `seconds`. */
export function loadFigures(tally: Tally, seconds: number, paced: boolean): LoadFigures {
  const kinds = Object.fromEntries(
    Object.entries(tally.byKind).map(([kind, values]) => [kind, { count: values.length, p50Ms: round(percentile(values, 50)), p99Ms: round(percentile(values, 99)) }]),
  ) as LoadFigures['byKind'];
  const succeeded = Object.entries(tally.statuses).reduce((sum, [status, n]) => (status.startsWith('2') ? sum + n : sum), 0);
  const max = tally.latencies.length === 0 ? Number.NaN : tally.latencies.reduce((m, v) => (v > m ? v : m), 0);
  return {
    requests: tally.latencies.length,
    requestsPerSecond: round(tally.latencies.length / seconds),
    succeededPerSecond: round(succeeded / seconds),
    p50Ms: round(percentile(tally.latencies, 50)),
    p99Ms: round(percentile(tally.latencies, 99)),
    maxMs: round(max),
    byKind: kinds,
    statuses: { ...tally.statuses },
    rateLimited: tally.rateLimited,
    queueFull: tally.queueFull,
    errors: tally.errors,
    otherFailures: tally.latencies.length - succeeded - tally.rateLimited - tally.queueFull + tally.errors,
    ...(tally.firstFailure ? { firstFailure: tally.firstFailure } : {}),
    ...(paced ? { sendLagP99Ms: round(percentile(tally.sendLag, 99)), sendLagMaxMs: round(tally.sendLag.reduce((m, v) => (v > m ? v : m), 0)) } : {}),
  };
}

const num = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '—' : String(round(value)));

function waitLine(name: string, waits: WaitFigures): string {
  const top = Object.entries(waits.activeBy).sort((a, b) => b[1] - a[1]).slice(0, 4);
  return `${name}: ${top.map(([what, n]) => `${what} ${num(n / Math.max(1, waits.samples))}`).join(', ') || 'none'}`;
}

function cpuLine(name: string, cpu: PhaseCpu, requests: number): string {
  const per = (seconds: number | undefined): string => (seconds === undefined ? '—' : `${num(seconds / cpu.wallSeconds)} (${num((seconds * 1000) / Math.max(1, requests))} ms)`);
  const busy = cpu.machineBusy === undefined ? '' : `; the machine's ${cpu.cores} CPUs ${num(cpu.machineBusy * 100)} % busy`;
  return `${name}: server ${per(cpu.serverSeconds)}, PostgreSQL ${per(cpu.databaseSeconds)}, load generator ${per(cpu.clientSeconds)}${busy}`;
}

/**
 * What the paced load asks of the machine: the CPU the server, PostgreSQL and the load generator spent per answered
 * request of the paced tenants alone, times the requests per second, against the machine's CPUs.
 */
function demandLine(cpu: PhaseCpu, paced: LoadFigures): string | undefined {
  if (cpu.serverSeconds === undefined || cpu.databaseSeconds === undefined || paced.requests === 0) return undefined;
  const perRequestMs = ((cpu.serverSeconds + cpu.databaseSeconds + cpu.clientSeconds) * 1000) / paced.requests;
  const cores = (perRequestMs / 1000) * paced.requestsPerSecond;
  return `CPU demand of the paced load alone: ${num(perRequestMs)} ms of CPU per answered request (server, PostgreSQL and load generator) × ${num(paced.requestsPerSecond)} req/s = ${num(cores)} of the machine's ${cpu.cores} CPUs.`;
}

/** The Markdown section of a run: targets, loads, requests by kind, RSS against tenants, seeding and pool. */
export function formatTenantsReport(figures: TenantsFigures, title: string, notes: readonly string[]): string {
  const { paced, pacedWithNoisy, noisy, seeding } = figures;
  const loadRow = (name: string, f: LoadFigures): string[] => [
    name, String(f.requests), num(f.requestsPerSecond), num(f.succeededPerSecond), num(f.p50Ms), num(f.p99Ms), num(f.maxMs),
    String(f.rateLimited), String(f.queueFull), String(f.otherFailures),
    f.sendLagP99Ms === undefined ? '—' : `${num(f.sendLagP99Ms)} / ${num(f.sendLagMaxMs)}`,
  ];
  const kinds: RequestKind[] = ['lookup', 'create', 'patchUser', 'addMember'];
  const kindCell = (f: LoadFigures, kind: RequestKind): string => `${f.byKind[kind].count}: ${num(f.byKind[kind].p50Ms)} / ${num(f.byKind[kind].p99Ms)}`;
  const first = figures.rssByTenants[0];
  return [
    `## ${title}`,
    '',
    formatTargets(tenantsTargetRows(figures)),
    '',
    markdownTable(
      ['load', 'answered', 'req/s', '2xx/s', 'p50 ms', 'p99 ms', 'max ms', '429 rate limit', '429 fair queue', 'other failures', 'send lag p99 / max ms'],
      [loadRow('paced tenants alone', paced), loadRow('paced tenants beside the noisy one', pacedWithNoisy), loadRow('noisy tenant', noisy)],
    ),
    '',
    markdownTable(
      ['load', ...kinds.map((k) => `${k}: n, p50 / p99 ms`)],
      [
        ['paced alone', ...kinds.map((k) => kindCell(paced, k))],
        ['paced beside the noisy one', ...kinds.map((k) => kindCell(pacedWithNoisy, k))],
        ['noisy tenant', ...kinds.map((k) => kindCell(noisy, k))],
      ],
    ),
    '',
    markdownTable(
      ['tenants sent requests', 'server RSS MB', `change from ${first?.tenants ?? '?'} tenants`],
      [
        ...figures.rssByTenants.map((r) => [String(r.tenants), num(r.rssMb), r.rssMb !== undefined && first?.rssMb !== undefined ? `${num(r.rssMb - first.rssMb)} MB` : '—']),
        ['(after both load phases)', num(figures.rssAfterLoadMb), '—'],
      ],
    ),
    '',
    `Seeding: ${seeding.users} users in ${num(seeding.usersSeconds)} s through ${seeding.bulkRequests} Bulk requests (${num(seeding.usersPerSecond)} users/s, ${seeding.rateLimitedRetries} sent again after a 429); tenants and tokens created in ${num(seeding.tenantsSeconds)} s.`,
    `Database pool (max in use / max waiting): alone ${num(figures.pool.alone.maxUsed)} / ${num(figures.pool.alone.maxPending)}, beside the noisy tenant ${num(figures.pool.crowded.maxUsed)} / ${num(figures.pool.crowded.maxPending)}.`,
    `CPU (seconds of CPU per second of the phase; ms per answered request): ${cpuLine('alone', figures.cpu.alone, paced.requests)}; ${cpuLine('beside the noisy tenant', figures.cpu.crowded, pacedWithNoisy.requests + noisy.requests)}.`,
    ...[demandLine(figures.cpu.alone, paced)].filter((line): line is string => line !== undefined),
    `PostgreSQL sessions per sample, running or by wait event (most frequent 4): ${waitLine('alone', figures.waits.alone)}; ${waitLine('beside the noisy tenant', figures.waits.crowded)}.`,
    ...notes.map((n) => `- ${n}`),
    ...[paced, pacedWithNoisy, noisy].filter((f) => f.firstFailure).map((f) => `- first failure other than a 429: ${f.firstFailure}`),
  ].join('\n');
}
