/**
 * Two instances of the directory on one PostgreSQL: a group mapped to a role through one instance is seen at once
 * by the other's next member change, which reports `user.roles.changed` — nothing per tenant is cached, so no
 * instance can miss a mapping another made (the group write asks the database in its own statement).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKnex } from '../support/database.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('role mappings across instances', () => {
  let first: TestHost;
  let second: TestHost;
  beforeAll(async () => {
    // Long token caches on both, as under load: the mapping must still be seen by the other instance at once.
    first = await startTestHost({ verificationCacheMs: 600_000, roles: [{ value: 'Admin' }] });
    second = await startTestHost({ knex: testKnex(), verificationCacheMs: 600_000, roles: [{ value: 'Admin' }] });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await second.knex.destroy();
  });

  it('reports a member change on one instance after a mapping made through the other', async () => {
    const tenant = await first.createTenant('Two instances');
    const on = (host: TestHost, path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${host.scimUrl(tenant.tenantId)}${path}`, tenant.token, init);
    const group = (await on(second, '/Groups', { body: { schemas: [GROUP], displayName: 'Admins' } })).body.id as string;
    const user = (await on(second, '/Users', { body: { schemas: [USER], userName: 'ada@instances.example' } })).body.id as string;
    // The second instance has served the tenant (and cached its token) before the mapping exists.
    await first.directory.roleMappings.add((await first.directory.tenants.get(tenant.tenantId))!, group, 'Admin');
    const start = await second.directory.changes.currentCursor();
    const patched = await on(second, `/Groups/${group}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: user }] }] } });
    expect(patched.status).toBe(204);
    const page = await second.directory.changes.read({ tenantId: tenant.tenantId, after: start });
    expect(page.changes.filter((change) => change.type === 'user.roles.changed').map((change) => [change.resourceId, change.data])).toEqual([
      [user, expect.objectContaining({ roles: ['Admin'], added: ['Admin'], removed: [] })],
    ]);
  });
});
