/**
 * Seeds the multi-tenant benchmark's directory the way operators and identity providers fill it: tenants and their
 * tokens through the library's public `TenantsService` (what the admin API and the CLI call), users through
 * `POST /Bulk` of the server (the same write path as single requests), several Bulk requests in flight across
 * tenants, each sized to the server's advertised `maxOperations` and `maxPayloadSize`. Every tenant gets the same
 * userNames, so any tenant's lookups can name them; ids are the server's own.
 */
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import { TenantsService } from '../../lib/index.js';
import { readCapabilities } from '../capabilities.js';
import { createHttpClient, field, jsonBody } from '../http-client.js';
import { bulkBatchSize } from '../phases/bulk-import.js';
import { benchUser } from '../user-fixtures.js';
import { requestRespectingLimits, type RetryCount } from './retry-after.js';

/** A seeded tenant: its SCIM base URL, token and the ids of its seeded users (all for tenants that send load). */
export interface SeededTenant {
  readonly id: string;
  readonly scimUrl: string;
  readonly token: string;
  readonly userIds: string[];
}

/** How long seeding took. */
export interface SeedTiming {
  readonly tenantsSeconds: number;
  readonly usersSeconds: number;
  readonly users: number;
  readonly usersPerSecond: number;
  readonly bulkRequests: number;
  /** Bulk requests answered 429 by the rate limit and sent again after `Retry-After`. */
  readonly rateLimitedRetries: number;
}

/** Options of {@link seedTenants}. */
export interface SeedOptions {
  readonly databaseUrl: string;
  /** The server's bootstrapped tenant, which becomes tenant 0. */
  readonly first: Omit<SeededTenant, 'userIds'>;
  readonly count: number;
  readonly users: number;
  readonly runId: string;
  /** Bulk requests in flight. */
  readonly concurrency: number;
  /** Tenants (from the first) whose every user id is kept; the others keep their first. */
  readonly keepIdsOf: number;
  readonly log: (line: string) => void;
}

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** Creates tenants 1..count-1 through the public TenantsService. */
async function createTenants(options: SeedOptions): Promise<SeededTenant[]> {
  const knex = knexFactory({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 2 } });
  const service = new TenantsService(knex);
  const base = options.first.scimUrl.slice(0, options.first.scimUrl.lastIndexOf(`/${options.first.id}/v2`));
  const tenants: SeededTenant[] = [{ ...options.first, userIds: [] }];
  try {
    for (let i = 1; i < options.count; i++) {
      const { tenant, credential } = await service.create(`Bench tenant ${i}`);
      tenants.push({ id: tenant.id, scimUrl: `${base}/${tenant.id}/v2`, token: credential.token, userIds: [] });
      if (i % 200 === 0) options.log(`  created ${i} tenants`);
    }
  } finally {
    await service.close();
    await knex.destroy();
  }
  return tenants;
}

/** One Bulk request of users `from`..`to` (exclusive) into `tenant`; keeps the created ids when asked. */
async function bulkBatch(tenant: SeededTenant, from: number, to: number, keepIds: boolean, options: SeedOptions, count: RetryCount): Promise<void> {
  const client = createHttpClient(tenant.scimUrl, { token: tenant.token, maxSockets: 1 });
  try {
    const Operations = [];
    for (let i = from; i < to; i++) Operations.push({ method: 'POST', path: '/Users', bulkId: `u${i}`, data: benchUser(options.runId, i) });
    const response = await requestRespectingLimits(client, count, 'POST', '/Bulk', { schemas: [BULK_REQUEST], Operations });
    const results = field(jsonBody(response), 'Operations');
    const failed = Array.isArray(results) ? results.filter((o) => !String(field(o, 'status')).startsWith('2')) : [];
    if (response.status !== 200 || !Array.isArray(results) || failed.length > 0) {
      throw new Error(`seeding tenant ${tenant.id} failed: ${response.status} ${JSON.stringify(failed[0] ?? response.body.slice(0, 300))}`);
    }
    for (const result of results) {
      if (!keepIds && tenant.userIds.length > 0) break;
      const location = field(result, 'location');
      if (typeof location === 'string') tenant.userIds.push(location.slice(location.lastIndexOf('/') + 1));
    }
  } finally {
    client.close();
  }
}

/** Seeds `count` tenants of `users` users each; resolves to the tenants and how long it took. */
export async function seedTenants(options: SeedOptions): Promise<{ tenants: SeededTenant[]; timing: SeedTiming }> {
  const { log } = options;
  const started = performance.now();
  const tenants = await createTenants(options);
  const tenantsSeconds = (performance.now() - started) / 1000;
  log(`  ${tenants.length} tenants and tokens created in ${tenantsSeconds.toFixed(1)} s`);

  const probe = createHttpClient(options.first.scimUrl, { token: options.first.token, maxSockets: 1 });
  const capabilities = await readCapabilities(probe);
  probe.close();
  if (!capabilities.bulk.supported) throw new Error('the server does not advertise Bulk; the tenants cannot be seeded');
  const operationBytes = JSON.stringify({ method: 'POST', path: '/Users', bulkId: `u${options.users}`, data: benchUser(options.runId, options.users) }).length;
  const batch = bulkBatchSize(1000, operationBytes, capabilities.bulk.maxOperations, capabilities.bulk.maxPayloadSize);
  const batches: { tenant: number; from: number; to: number }[] = [];
  for (let t = 0; t < tenants.length; t++) {
    for (let from = 0; from < options.users; from += batch) batches.push({ tenant: t, from, to: Math.min(options.users, from + batch) });
  }

  const usersStarted = performance.now();
  const count: RetryCount = { retries: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let b = next++; b < batches.length; b = next++) {
      const { tenant, from, to } = batches[b] as (typeof batches)[number];
      await bulkBatch(tenants[tenant] as SeededTenant, from, to, tenant < options.keepIdsOf, options, count);
      if (to === options.users && (tenant + 1) % 100 === 0) log(`  seeded users of ${tenant + 1} tenants`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const usersSeconds = (performance.now() - usersStarted) / 1000;
  const users = tenants.length * options.users;
  return {
    tenants,
    timing: {
      tenantsSeconds,
      usersSeconds,
      users,
      usersPerSecond: users / usersSeconds,
      bulkRequests: batches.length,
      rateLimitedRetries: count.retries,
    },
  };
}
