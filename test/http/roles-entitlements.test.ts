/**
 * Roles and entitlements end to end over HTTP, on PostgreSQL and on the embedded database: Entra ID's app-role
 * shape (`roles[primary eq "True"].value`, `primary` sent as the string "True"), Okta's plain list, filters on
 * them, the host's declared values at `/Roles` and `/Entitlements`, and the tenant setting that refuses others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { BOTH_DATABASES } from '../support/both-databases.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';
import { AdminClient } from './admin-api/admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTRA_AGENT = { 'user-agent': 'Azure AD SCIM Client' };

type Tenant = { tenantId: string; token: string; baseUrl: string };

describe.each(BOTH_DATABASES)('roles and entitlements on %s', (_name, open) => {
  let knex: Knex;
  let host: TestHost;
  let admin: AdminClient;
  let tenant: Tenant;
  let other: Tenant;
  const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

  beforeAll(async () => {
    knex = await open();
    const first = await startTestHost({ knex, rateLimits: false });
    await first.directory.migrate();
    const created = await first.createTenant('Roles');
    await first.close();
    host = await startTestHost({
      knex,
      rateLimits: false,
      roles: [{ value: 'Admin', display: 'Administrator' }, { value: 'Reader' }, { value: 'Auditor', tenantId: created.tenantId }],
      entitlements: [{ value: 'reports:export', type: 'permission' }],
    });
    tenant = { ...created, baseUrl: host.scimUrl(created.tenantId) };
    other = await host.createTenant('Other');
    admin = new AdminClient(`${host.origin}/admin/`);
    await admin.session();
  });
  afterAll(async () => {
    await host.close();
    await knex.destroy();
  });

  it('publishes the declared roles and entitlements read-only, per tenant', async () => {
    const roles = await call('/Roles');
    expect(roles.status).toBe(200);
    expect(roles.body.Resources).toEqual([
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Role'], value: 'Admin', display: 'Administrator' },
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Role'], value: 'Reader' },
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Role'], value: 'Auditor' },
    ]);
    expect((await scimFetch(`${other.baseUrl}/Roles`, other.token)).body.Resources.map((r: { value: string }) => r.value)).toEqual(['Admin', 'Reader']);
    const entitlements = await call('/Entitlements');
    expect(entitlements.body.Resources).toEqual([{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Entitlement'], value: 'reports:export', type: 'permission' }]);
    expect((await call('/Roles', { method: 'POST', body: { value: 'x' } })).status).toBe(405);
  });

  it("stores Entra's app roles with primary as the string \"True\", patches them by Entra's path and filters on them", async () => {
    const created = await call('/Users', { headers: ENTRA_AGENT, body: { schemas: [USER], userName: 'ada@entra.example', roles: [{ value: 'Admin', primary: 'True', type: 'WindowsAzureActiveDirectoryRole' }] } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.roles).toEqual([{ value: 'Admin', primary: true, type: 'WindowsAzureActiveDirectoryRole' }]);

    const grace = await call('/Users', { headers: ENTRA_AGENT, body: { schemas: [USER], userName: 'grace@entra.example' } });
    const added = await call(`/Users/${grace.body.id}`, {
      method: 'PATCH',
      headers: ENTRA_AGENT,
      body: { schemas: [PATCH], Operations: [{ op: 'Add', path: 'roles[primary eq "True"].value', value: 'Reader' }] },
    });
    expect(added.status, added.text).toBe(200);
    expect(added.body.roles).toEqual([{ value: 'Reader', primary: true }]);
    const replaced = await call(`/Users/${grace.body.id}`, {
      method: 'PATCH',
      headers: ENTRA_AGENT,
      body: { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'roles[primary eq "True"].value', value: 'Admin' }] },
    });
    expect(replaced.body.roles).toEqual([{ value: 'Admin', primary: true }]);

    const admins = await call(`/Users?filter=${encodeURIComponent('roles[value eq "Admin" and primary eq true]')}&sortBy=userName`);
    expect(admins.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['ada@entra.example', 'grace@entra.example']);
    const projected = await call(`/Users/${created.body.id}?attributes=roles.value`);
    expect(projected.body.roles).toEqual([{ value: 'Admin' }]);
  });

  it("keeps Okta's plain role and entitlement lists, undeclared values included by default", async () => {
    const okta = await call('/Users', {
      headers: { 'user-agent': 'Okta SCIM Client 1.0.0' },
      body: { schemas: [USER], userName: 'lin@okta.example', roles: [{ value: 'Reader' }, { value: 'Custom' }], entitlements: [{ value: 'reports:export' }] },
    });
    expect(okta.status, okta.text).toBe(201);
    expect(okta.body.roles).toEqual([{ value: 'Reader' }, { value: 'Custom' }]);
    expect((await call(`/Users?filter=${encodeURIComponent('entitlements.value eq "reports:export"')}`)).body.totalResults).toBe(1);
  });

  it('refuses undeclared roles and entitlements with 400 naming them when the tenant setting says reject', async () => {
    expect((await admin.request(`api/tenants/${tenant.tenantId}/settings`, { method: 'PATCH', body: { unknownRoles: 'reject' } })).status).toBe(200);
    const refused = await call('/Users', { body: { schemas: [USER], userName: 'mo@example.com', roles: [{ value: 'Admin' }, { value: 'Root' }] } });
    expect(refused.status).toBe(400);
    expect(refused.body.scimType).toBe('invalidValue');
    expect(refused.body.detail).toContain("'Root'");
    const accepted = await call('/Users', { body: { schemas: [USER], userName: 'mo@example.com', roles: [{ value: 'Auditor' }], entitlements: [{ value: 'reports:export' }] } });
    expect(accepted.status, accepted.text).toBe(201);
    const patched = await call(`/Users/${accepted.body.id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'entitlements', value: [{ value: 'billing:all' }] }] } });
    expect(patched.status).toBe(400);
    expect(patched.body.detail).toContain("'billing:all'");
    // The other tenant keeps what it gets.
    expect((await scimFetch(`${other.baseUrl}/Users`, other.token, { body: { schemas: [USER], userName: 'mo', roles: [{ value: 'Root' }] } })).status).toBe(201);
  });
});
