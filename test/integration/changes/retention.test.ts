/**
 * Change-feed retention on PostgreSQL: by age, by a count per tenant, on an interval, and the option's checks.
 * Pruning covers every tenant of a database, so these tests run on a database of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import { createScimDirectory } from '../../../lib/directory.js';
import { appendChanges } from '../../../lib/store/change-rows.js';
import type { NewChange } from '../../../lib/store/changes-store.js';
import { newResourceId } from '../../../lib/store/ids.js';
import { pruneChanges } from '../../../lib/store/feed-pruning.js';
import { TenantsService } from '../../../lib/tenants/tenants-service.js';
import { migrateToLatest } from '../../../lib/store/migration-source.js';
import { createEmptyDatabase } from '../../support/database.js';
import { memoryLogger } from '../../support/http-host.js';

const DAY = 24 * 60 * 60 * 1000;

let knex: Knex;
let tenants: TenantsService;

beforeAll(async () => {
  knex = knexFactory({ client: 'pg', connection: await createEmptyDatabase(), pool: { min: 0, max: 5 } });
  await migrateToLatest(knex);
  tenants = new TenantsService(knex);
});
afterAll(async () => {
  await tenants.close();
  await knex.destroy();
});

function changes(count: number): NewChange[] {
  return Array.from({ length: count }, (_, i) => ({ type: 'user.created', resourceType: 'User', resourceId: newResourceId(), data: { userName: `u${i}` } }));
}

async function countOf(tenantId: string): Promise<number> {
  const [row] = await knex('scim_changes').where({ tenant_id: tenantId }).count<{ count: string }[]>({ count: '*' });
  return Number(row?.count);
}

describe('pruning', () => {
  it('deletes changes older than maxAgeMs in batches and keeps younger ones', async () => {
    const tenantId = (await tenants.create('retention age')).tenant.id;
    await appendChanges(knex, tenantId, changes(12_000));
    await knex('scim_changes').where({ tenant_id: tenantId }).whereIn('seq', knex('scim_changes').where({ tenant_id: tenantId }).orderBy('seq').limit(11_000).select('seq')).update({ at: knex.raw("now() - interval '40 days'") });
    const deleted = await pruneChanges(knex, { maxAgeMs: 30 * DAY, maxRowsPerTenant: undefined });
    expect(deleted).toBeGreaterThanOrEqual(11_000);
    expect(await countOf(tenantId)).toBe(1000);
  });

  it('keeps the newest maxRowsPerTenant of each tenant, in feed order', async () => {
    const a = (await tenants.create('retention rows a')).tenant.id;
    const b = (await tenants.create('retention rows b')).tenant.id;
    for (let i = 0; i < 5; i++) await knex.transaction((trx) => appendChanges(trx, a, changes(2)));
    await appendChanges(knex, b, changes(3));
    const newestFour = (await knex('scim_changes').where({ tenant_id: a }).orderBy('seq', 'desc').limit(4).pluck('seq')).map(String).reverse();
    await pruneChanges(knex, { maxAgeMs: 30 * DAY, maxRowsPerTenant: 4 });
    expect(await countOf(a)).toBe(4);
    expect(await countOf(b)).toBe(3);
    expect((await knex('scim_changes').where({ tenant_id: a }).orderBy('seq').pluck('seq')).map(String)).toEqual(newestFour);
  });

  it('runs on the interval of the option and through scim.changes.prune()', async () => {
    const tenantId = (await tenants.create('retention interval')).tenant.id;
    await appendChanges(knex, tenantId, changes(3));
    await knex('scim_changes').where({ tenant_id: tenantId }).update({ at: knex.raw("now() - interval '2 hours'") });
    const logger = memoryLogger();
    const directory = createScimDirectory({ knex, logger, changeRetention: { maxAgeMs: 60 * 60 * 1000, pruneIntervalMs: 50 } });
    try {
      await expect.poll(() => countOf(tenantId), { timeout: 5000, interval: 25 }).toBe(0);
      expect(logger.lines.some((line) => line.message === 'change feed pruned')).toBe(true);
      await appendChanges(knex, tenantId, changes(1));
      await knex('scim_changes').where({ tenant_id: tenantId }).update({ at: knex.raw("now() - interval '2 hours'") });
      expect(await directory.changes.prune()).toBeGreaterThanOrEqual(0);
      expect(await countOf(tenantId)).toBe(0);
    } finally {
      await directory.close();
    }
  });
});

describe('the changeRetention option', () => {
  it('has defaults and names a bad value', () => {
    expect(createScimDirectory({ knex, logger: memoryLogger() }).options.changeRetention).toEqual({
      maxAgeMs: 30 * DAY,
      maxRowsPerTenant: undefined,
      pruneIntervalMs: 60 * 60 * 1000,
    });
    expect(() => createScimDirectory({ knex, changeRetention: { maxAgeMs: 0 } })).toThrow(/changeRetention\.maxAgeMs/);
    expect(() => createScimDirectory({ knex, changeRetention: { maxRowsPerTenant: 1.5 } })).toThrow(/changeRetention\.maxRowsPerTenant/);
    expect(() => createScimDirectory({ knex, changeRetention: 'forever' as never })).toThrow(/changeRetention/);
    expect(() => createScimDirectory({ knex, events: { notify: 'yes' as never } })).toThrow(/events\.notify/);
    expect(() => createScimDirectory({ knex, softDelete: 'true' as never })).toThrow(/softDelete/);
  });
});
