/**
 * The benchmark's sizes and switches, from flags (`npm run bench -- --quick --users 5000`) or `BENCH_*`
 * environment variables (flags win). Defaults are the issue's full workload; `--quick` is a smoke run of about a
 * minute on a 2-core machine.
 */
import { parseArgs } from 'node:util';

/** Everything a run is parameterised by. */
export interface BenchOptions {
  readonly quick: boolean;
  /** Requests in flight for throughput figures. */
  readonly concurrency: number;
  /** Users created by single POST /Users (the POST figure). */
  readonly users: number;
  /** `GET /Users?filter=userName eq "…"` requests. */
  readonly lookups: number;
  /** `PUT /Users/<id>` requests (each on a different user). */
  readonly puts: number;
  /** Requests per page figure (first/deep, index/cursor). */
  readonly pageRequests: number;
  /** Page size of the paging figures. */
  readonly pageSize: number;
  /** Members the one big group grows to. */
  readonly groupMembers: number;
  /** Members added per PATCH. */
  readonly patchBatch: number;
  /** PATCHes to the big group in flight; 1 measures each batch's own cost. */
  readonly patchConcurrency: number;
  /** Member removals via `members[value eq "…"]`, sequential. */
  readonly removals: number;
  /** Users created through Bulk; by default what the big group needs beyond `users`, at least 1000. */
  readonly bulkUsers: number;
  /** Operations per Bulk request (capped by the server's maxOperations and maxPayloadSize). */
  readonly bulkBatch: number;
  /** Requests per floor app. */
  readonly floorRequests: number;
  /** Warm-up requests before every measured load (not counted). */
  readonly warmup: number;
  /** A phase stops taking new requests after this many seconds and reports what it reached. */
  readonly phaseBudgetSeconds: number;
  /** Run the server with `--cpu-prof`; profiles go to bench/results/profiles/. */
  readonly serverCpuProf: boolean;
  /** Extra node flags for the server process (`--server-node-arg=--max-old-space-size=200`, repeatable). */
  readonly serverNodeArgs: readonly string[];
  /** The server's LOG_LEVEL; undefined keeps the shipped default. */
  readonly serverLogLevel: string | undefined;
  /** Skip the floor apps (their figures show as missing). */
  readonly skipFloor: boolean;
}

/** Sizes that must be at least 1; every other size may be 0, which skips its phase. */
const AT_LEAST_ONE: ReadonlySet<string> = new Set(['concurrency', 'users', 'pageSize', 'patchBatch', 'patchConcurrency', 'bulkBatch', 'floorRequests', 'phaseBudgetSeconds']);

const NUMBER_FLAGS = {
  concurrency: 'concurrency',
  users: 'users',
  lookups: 'lookups',
  puts: 'puts',
  pageRequests: 'page-requests',
  pageSize: 'page-size',
  groupMembers: 'group-members',
  patchBatch: 'patch-batch',
  patchConcurrency: 'patch-concurrency',
  removals: 'removals',
  bulkUsers: 'bulk-users',
  bulkBatch: 'bulk-batch',
  floorRequests: 'floor-requests',
  warmup: 'warmup',
  phaseBudgetSeconds: 'phase-budget',
} as const;

type NumberKey = keyof typeof NUMBER_FLAGS;

const FULL: Record<NumberKey, number> = {
  concurrency: 16,
  users: 20_000,
  lookups: 10_000,
  puts: 10_000,
  pageRequests: 500,
  pageSize: 100,
  groupMembers: 100_000,
  patchBatch: 100,
  patchConcurrency: 1,
  removals: 500,
  bulkUsers: -1,
  bulkBatch: 1000,
  floorRequests: 20_000,
  warmup: 2000,
  phaseBudgetSeconds: 600,
};

const QUICK: Record<NumberKey, number> = {
  ...FULL,
  users: 2000,
  lookups: 2000,
  puts: 1000,
  pageRequests: 150,
  groupMembers: 5000,
  removals: 100,
  bulkBatch: 500,
  floorRequests: 2000,
  warmup: 500,
  phaseBudgetSeconds: 60,
};

/** The usage text of `npm run bench -- --help`. */
export const BENCH_USAGE = `Usage: npm run bench -- [--quick] [--<size> N ...] [--server-cpu-prof] [--server-log-level LEVEL]
       [--server-node-arg=--flag ...] [--skip-floor]
Sizes (flag / env, full default): ${Object.entries(NUMBER_FLAGS)
  .map(([key, flag]) => `--${flag} / BENCH_${flag.toUpperCase().replace(/-/g, '_')} (${FULL[key as NumberKey] < 0 ? 'derived' : FULL[key as NumberKey]})`)
  .join(', ')}.
Sizes other than --users, --concurrency and the batch/page sizes may be 0 to skip that phase (e.g. to profile one
figure); --bulk-users defaults to what the big group needs beyond --users, at least 1000.
The multi-tenant benchmark: npm run bench -- --tenants --help.`;

function positiveInteger(raw: string, name: string, allowZero: boolean): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer; got "${raw}".`);
  }
  return value;
}

/** Parses flags and environment; throws a message naming the bad flag or variable. */
export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv = {}): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      'server-cpu-prof': { type: 'boolean', default: false },
      'server-log-level': { type: 'string' },
      'server-node-arg': { type: 'string', multiple: true },
      'skip-floor': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      ...Object.fromEntries(Object.values(NUMBER_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    },
    strict: true,
  });
  if (values.help) throw new Error(BENCH_USAGE);
  const quick = values.quick === true || env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const defaults = quick ? QUICK : FULL;
  const sizes = { ...defaults };
  for (const [key, flag] of Object.entries(NUMBER_FLAGS) as [NumberKey, string][]) {
    const envName = `BENCH_${flag.toUpperCase().replace(/-/g, '_')}`;
    const fromFlag = (values as Record<string, unknown>)[flag];
    const raw = typeof fromFlag === 'string' ? fromFlag : env[envName];
    if (raw !== undefined && raw !== '') {
      sizes[key] = positiveInteger(raw, typeof fromFlag === 'string' ? `--${flag}` : envName, !AT_LEAST_ONE.has(key));
    }
  }
  if (sizes.bulkUsers < 0) sizes.bulkUsers = Math.max(sizes.groupMembers - sizes.users - sizes.warmup, 1000);
  const logLevel = values['server-log-level'] ?? env.BENCH_SERVER_LOG_LEVEL;
  return {
    quick,
    ...sizes,
    serverCpuProf: values['server-cpu-prof'] === true || env.BENCH_SERVER_CPU_PROF === '1',
    serverNodeArgs: values['server-node-arg'] ?? [],
    serverLogLevel: typeof logLevel === 'string' && logLevel !== '' ? logLevel : undefined,
    skipFloor: values['skip-floor'] === true,
  };
}
