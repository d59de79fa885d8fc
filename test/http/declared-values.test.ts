/**
 * Roles and entitlements an administrator declares for one tenant, over HTTP on PostgreSQL and the embedded
 * database: listed beside the host's (read-only), published at that tenant's `/Roles` and `/Entitlements` only,
 * checked by `unknownRoles: reject`, mappable to groups, audited, and not removable while a group is mapped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { BOTH_DATABASES } from '../support/both-databases.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';
import { AdminClient } from './admin-api/admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describe.each(BOTH_DATABASES)('declared values per tenant on %s', (_name, open) => {
  let knex: Knex;
  let host: TestHost;
  let admin: AdminClient;
  let tenant: { tenantId: string; token: string; baseUrl: string };
  let other: { tenantId: string; token: string; baseUrl: string };
  const declared = (kind: string, suffix = '') => `api/tenants/${tenant.tenantId}/declared/${kind}${suffix}`;

  beforeAll(async () => {
    knex = await open();
    host = await startTestHost({ knex, rateLimits: false, verificationCacheMs: 0, roles: [{ value: 'Admin', display: 'Administrator' }] });
    await host.directory.migrate();
    tenant = await host.createTenant('Declared');
    other = await host.createTenant('Other declared');
    admin = new AdminClient(`${host.origin}/admin/`);
    await admin.session();
  });
  afterAll(async () => {
    await host.close();
    await knex.destroy();
  });

  it("lists the host's roles read-only and adds, changes and removes the tenant's own, audited", async () => {
    expect((await admin.request(declared('roles'))).body).toEqual({ roles: [{ value: 'Admin', display: 'Administrator', type: null, source: 'host' }] });
    const added = await admin.request(declared('roles'), { body: { value: 'Editor', display: 'Editor' } });
    expect(added.status, added.text).toBe(201);
    expect((await admin.request(declared('roles'), { body: { value: 'Editor', display: 'Content editor' } })).status).toBe(200);
    expect((await admin.request(declared('entitlements'), { body: { value: 'reports:export', type: 'permission' } })).status).toBe(201);
    expect((await admin.request(declared('roles'))).body.roles).toEqual([
      { value: 'Admin', display: 'Administrator', type: null, source: 'host' },
      { value: 'Editor', display: 'Content editor', type: null, source: 'tenant' },
    ]);
    const host409 = await admin.request(declared('roles'), { body: { value: 'Admin' } });
    expect(host409.status).toBe(409);
    expect(host409.body.error.field).toBe('value');
    expect((await admin.request(declared('colours'))).body.error.field).toBe('kind');
    expect((await admin.request(declared('roles'), { body: { display: 'x' } })).body.error.field).toBe('value');

    const roles = await scimFetch(`${tenant.baseUrl}/Roles`, tenant.token);
    expect(roles.body.Resources.map((r: { value: string; display?: string }) => [r.value, r.display])).toEqual([['Admin', 'Administrator'], ['Editor', 'Content editor']]);
    const entitlements = await scimFetch(`${tenant.baseUrl}/Entitlements`, tenant.token);
    expect(entitlements.body.Resources).toEqual([{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Entitlement'], value: 'reports:export', type: 'permission' }]);
    expect((await scimFetch(`${other.baseUrl}/Roles`, other.token)).body.Resources.map((r: { value: string }) => r.value)).toEqual(['Admin']);

    expect((await admin.request(declared('entitlements', '/reports%3Aexport'), { method: 'DELETE' })).status).toBe(204);
    expect((await admin.request(declared('entitlements', '/reports%3Aexport'), { method: 'DELETE' })).status).toBe(404);
    const audit = await admin.request(`api/audit?tenantId=${tenant.tenantId}`);
    expect((audit.body.items as { action: string }[]).map((entry) => entry.action).filter((action) => action.startsWith('declared_value.'))).toEqual([
      'declared_value.removed',
      'declared_value.added',
      'declared_value.changed',
      'declared_value.added',
    ]);
  });

  it("checks users against the tenant's own roles when it refuses others, and keeps a mapped role", async () => {
    expect((await admin.request(`api/tenants/${tenant.tenantId}/settings`, { method: 'PATCH', body: { unknownRoles: 'reject' } })).status).toBe(200);
    const editor = await scimFetch(`${tenant.baseUrl}/Users`, tenant.token, { body: { schemas: [USER], userName: 'ed@declared.example', roles: [{ value: 'Editor' }] } });
    expect(editor.status, editor.text).toBe(201);
    const refused = await scimFetch(`${tenant.baseUrl}/Users`, tenant.token, { body: { schemas: [USER], userName: 'x@declared.example', roles: [{ value: 'Owner' }] } });
    expect(refused.status).toBe(400);
    expect(refused.body.scimType).toBe('invalidValue');

    const group = await scimFetch(`${tenant.baseUrl}/Groups`, tenant.token, { body: { schemas: [GROUP], displayName: 'Editors' } });
    expect((await admin.request(`api/tenants/${tenant.tenantId}/groups/${group.body.id}/roles`, { body: { role: 'Editor' } })).status).toBe(201);
    const inUse = await admin.request(declared('roles', '/Editor'), { method: 'DELETE' });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toContain('mapped to 1 group');
  });
});
