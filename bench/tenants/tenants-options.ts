/**
 * Sizes of the multi-tenant benchmark (`npm run bench -- --tenants`), from flags; defaults are issue 18's full run:
 * 1 000 tenants of 1 000 users, 50 of them provisioning at 25 requests per second each, one noisy tenant with 32
 * requests in flight, the server's per-tenant rate limits on.
 */
import { parseArgs } from 'node:util';

/** Everything the multi-tenant run is parameterised by. */
export interface TenantsBenchOptions {
  /** Tenants in the directory. */
  readonly tenantsCount: number;
  /** Users seeded in every tenant. */
  readonly usersPerTenant: number;
  /** Tenants provisioning at a steady pace at once. */
  readonly pacedTenants: number;
  /** Requests per second of each paced tenant. */
  readonly rate: number;
  /** Seconds each measured phase (paced alone, paced with the noisy tenant) lasts. */
  readonly durationSeconds: number;
  /** Requests the noisy tenant keeps in flight. */
  readonly noisyConcurrency: number;
  /** Bulk requests of the seeding kept in flight (the server runs one at a time; the rest wait unread). */
  readonly seedConcurrency: number;
  /** The server's `DATABASE_POOL_MAX`; undefined keeps its default. */
  readonly poolMax: number | undefined;
  /** The server's per-tenant rate limits (`SCIM_RATE_LIMITS`); on by default, as the product ships. */
  readonly rateLimits: boolean;
}

const FLAGS = {
  tenantsCount: ['tenants-count', 1000],
  usersPerTenant: ['users-per-tenant', 1000],
  pacedTenants: ['paced-tenants', 50],
  rate: ['rate', 25],
  durationSeconds: ['duration', 60],
  noisyConcurrency: ['noisy-concurrency', 32],
  seedConcurrency: ['seed-concurrency', 4],
} as const;

type Counts = Omit<TenantsBenchOptions, 'poolMax' | 'rateLimits'>;

/** The usage text of `npm run bench -- --tenants --help`. */
export const TENANTS_USAGE = `Usage: npm run bench -- --tenants [--<flag> N ...] [--pool-max N] [--rate-limits on|off]
Flags (full default): ${Object.values(FLAGS).map(([flag, fallback]) => `--${flag} (${fallback})`).join(', ')},
--pool-max (the server's DATABASE_POOL_MAX; unset keeps its default), --rate-limits (on, as the product ships).`;

/** Reads the flags after `--tenants`; throws a message naming a bad one. */
export function parseTenantsOptions(argv: readonly string[]): TenantsBenchOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--tenants'),
    options: Object.fromEntries([
      ...Object.values(FLAGS).map(([flag]) => [flag, { type: 'string' as const }]),
      ['pool-max', { type: 'string' as const }],
      ['rate-limits', { type: 'string' as const }],
      ['help', { type: 'boolean' as const, short: 'h' }],
    ]),
    strict: true,
  });
  const given = values as Record<string, unknown>;
  if (given.help === true) throw new Error(TENANTS_USAGE);
  const read = (flag: string, fallback: number | undefined): number | undefined => {
    const text = given[flag];
    if (text === undefined) return fallback;
    if (typeof text !== 'string' || !/^[1-9]\d*$/.test(text)) throw new Error(`--${flag} must be a positive integer; got "${String(text)}".`);
    return Number(text);
  };
  const options = Object.fromEntries(Object.entries(FLAGS).map(([key, [flag, fallback]]) => [key, read(flag, fallback)])) as Counts;
  // Unless given, the paced tenants are at most all but the noisy one (a small run has fewer than 51 tenants).
  if (given['paced-tenants'] === undefined) {
    Object.assign(options, { pacedTenants: Math.min(options.pacedTenants, options.tenantsCount - 1) });
  }
  if (options.pacedTenants < 1 || options.pacedTenants >= options.tenantsCount) {
    throw new Error(`--paced-tenants (${options.pacedTenants}) must be below --tenants-count (${options.tenantsCount}): one more tenant is the noisy one.`);
  }
  const limits = given['rate-limits'] ?? 'on';
  if (limits !== 'on' && limits !== 'off') throw new Error(`--rate-limits must be "on" or "off"; got "${String(limits)}".`);
  return { ...options, poolMax: read('pool-max', undefined), rateLimits: limits === 'on' };
}
