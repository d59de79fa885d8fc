/**
 * For store tests that must pass on both databases the product runs on: the suite's PostgreSQL and a migrated
 * in-memory PGlite (the standalone server's default), each with a tenant of its own for the suite.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Knex } from 'knex';
import { migrateToLatest } from '../../lib/store/migration-source.js';
import { memoryPgliteKnex, testKnex } from './database.js';
import { randomTenantId } from '../integration/store/filter-fixtures.js';

/** `[name, open]` pairs for `describe.each`. */
export const BOTH_DATABASES: readonly [string, () => Promise<Knex>][] = [
  ['PostgreSQL', async () => testKnex()],
  [
    'PGlite',
    async () => {
      const knex = memoryPgliteKnex();
      await migrateToLatest(knex);
      return knex;
    },
  ],
];

/** What a suite reads from the fixture; set by the hooks it registers. */
export interface SuiteTenant {
  readonly knex: Knex;
  readonly tenantId: string;
}

/** Registers hooks (inside a `describe`) that open the database and add a tenant named `name`, and remove both after. */
export function useSuiteTenant(open: () => Promise<Knex>, name: string): SuiteTenant {
  const state = {} as { knex: Knex; tenantId: string };
  beforeAll(async () => {
    state.knex = await open();
    state.tenantId = randomTenantId();
    await state.knex('scim_tenants').insert({ tenant_id: state.tenantId, name });
  });
  afterAll(async () => {
    await state.knex('scim_tenants').where('tenant_id', state.tenantId).delete();
    await state.knex.destroy();
  });
  return state;
}
