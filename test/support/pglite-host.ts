/**
 * The setup of an HTTP test file on the embedded database: a test host on an in-memory PGlite, migrated, with one
 * tenant, started before the file's tests and closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Knex } from 'knex';
import { memoryPgliteKnex } from './database.js';
import { scimFetch, startTestHost, type TestHost } from './http-host.js';

/** What a test reads from the fixture; set by the hooks it registers. */
export interface PgliteHost {
  readonly knex: Knex;
  readonly host: TestHost;
  readonly tenant: { tenantId: string; token: string; baseUrl: string };
  /** {@link scimFetch} of a path below the tenant's SCIM base URL, with its token. */
  call(path: string, init?: Parameters<typeof scimFetch>[2]): ReturnType<typeof scimFetch>;
}

/** Registers the hooks and returns the fixture; `name` names the tenant. */
export function usePgliteHost(name: string): PgliteHost {
  const state = {
    call: (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${state.tenant.baseUrl}${path}`, state.tenant.token, init),
  } as PgliteHost & { knex: Knex; host: TestHost; tenant: PgliteHost['tenant'] };
  beforeAll(async () => {
    state.knex = memoryPgliteKnex();
    // Imports at full speed; the rate limits have tests of their own.
    state.host = await startTestHost({ knex: state.knex, rateLimits: false });
    await state.host.directory.migrate();
    state.tenant = await state.host.createTenant(name);
  });
  afterAll(async () => {
    await state.host.close();
    await state.knex.destroy();
  });
  return state;
}
