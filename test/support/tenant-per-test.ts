/**
 * The usual setup of a store test file: a knex on the suite's PostgreSQL and a TenantsService for the file, and a
 * fresh tenant before each test, so tests never see each other's rows.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Knex } from 'knex';
import { TenantsService } from '../../lib/tenants/tenants-service.js';
import { testKnex } from './database.js';

/** What a test reads from the fixture; set by the hooks it registers. */
export interface TenantPerTest {
  readonly knex: Knex;
  readonly tenants: TenantsService;
  /** The tenant of the running test. */
  readonly tenantId: string;
}

/** Registers the hooks and returns the fixture; `name` names the tenants it creates. */
export function useTenantPerTest(name: string): TenantPerTest {
  const state = {} as { knex: Knex; tenants: TenantsService; tenantId: string };
  beforeAll(() => {
    state.knex = testKnex();
    state.tenants = new TenantsService(state.knex);
  });
  afterAll(async () => {
    await state.tenants.close();
    await state.knex.destroy();
  });
  beforeEach(async () => {
    state.tenantId = (await state.tenants.create(name)).tenant.id;
  });
  return state;
}
