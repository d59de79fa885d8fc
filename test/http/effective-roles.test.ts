/**
 * A user's effective roles over HTTP on PostgreSQL and the embedded database: the host's read API
 * (`scim.directory.users.roles`) and the admin API's `GET api/tenants/:id/users/:userId/roles` answer the roles of
 * the user's own `roles` attribute (Entra ID's app-role shape with `primary` as the string "True", Okta's list)
 * and of mapped groups, nested groups included, with the path of groups to each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { BOTH_DATABASES } from '../support/both-databases.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';
import { AdminClient } from './admin-api/admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTRA_AGENT = { 'user-agent': 'Azure AD SCIM Client' };
const OKTA_AGENT = { 'user-agent': 'Okta SCIM Client 1.0.0' };

describe.each(BOTH_DATABASES)('effective roles on %s', (_name, open) => {
  let knex: Knex;
  let host: TestHost;
  let admin: AdminClient;
  let tenant: { tenantId: string; token: string; baseUrl: string };
  const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);
  const map = (groupId: string, role: string) => admin.request(`api/tenants/${tenant.tenantId}/groups/${groupId}/roles`, { body: { role } });

  beforeAll(async () => {
    knex = await open();
    host = await startTestHost({ knex, rateLimits: false, roles: [{ value: 'Admin', display: 'Administrator' }, { value: 'Reader' }] });
    await host.directory.migrate();
    const created = await host.createTenant('Effective roles');
    tenant = { ...created, baseUrl: host.scimUrl(created.tenantId) };
    admin = new AdminClient(`${host.origin}/admin/`);
    await admin.session();
  });
  afterAll(async () => {
    await host.close();
    await knex.destroy();
  });

  it("answers direct roles in Entra's app-role shape and Okta's list, with their sources", async () => {
    const ada = await call('/Users', { headers: ENTRA_AGENT, body: { schemas: [USER], userName: 'ada@roles.example' } });
    const patched = await call(`/Users/${ada.body.id}`, {
      method: 'PATCH',
      headers: ENTRA_AGENT,
      body: { schemas: [PATCH], Operations: [{ op: 'Add', path: 'roles[primary eq "True"].value', value: 'Admin' }] },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(await host.directory.directory.users.roles(tenant.tenantId, ada.body.id)).toEqual([
      { value: 'Admin', display: 'Administrator', declared: true, sources: [{ kind: 'direct', primary: true }] },
    ]);
    const okta = await call('/Users', { headers: OKTA_AGENT, body: { schemas: [USER], userName: 'okta@roles.example', roles: [{ value: 'Reader' }, { value: 'Custom', display: 'Custom role' }] } });
    expect(okta.status, okta.text).toBe(201);
    expect(await host.directory.directory.users.roles(tenant.tenantId, okta.body.id)).toEqual([
      { value: 'Custom', declared: false, sources: [{ kind: 'direct', display: 'Custom role' }] },
      { value: 'Reader', declared: true, sources: [{ kind: 'direct' }] },
    ]);
  });

  it('answers roles of mapped groups, nested groups included, with the path; the admin API answers the same', async () => {
    const grace = await call('/Users', { body: { schemas: [USER], userName: 'grace@roles.example', roles: [{ value: 'Reader' }] } });
    const inner = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Inner', members: [{ value: grace.body.id }] } });
    const outer = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Outer', members: [{ value: inner.body.id, type: 'Group' }] } });
    expect((await map(outer.body.id, 'Admin')).status).toBe(201);
    expect((await map(inner.body.id, 'Reader')).status).toBe(201);
    const expected = [
      {
        value: 'Admin',
        display: 'Administrator',
        declared: true,
        sources: [{ kind: 'group', groupId: outer.body.id, displayName: 'Outer', path: [{ id: inner.body.id, displayName: 'Inner' }, { id: outer.body.id, displayName: 'Outer' }] }],
      },
      {
        value: 'Reader',
        declared: true,
        sources: [{ kind: 'direct' }, { kind: 'group', groupId: inner.body.id, displayName: 'Inner', path: [{ id: inner.body.id, displayName: 'Inner' }] }],
      },
    ];
    expect(await host.directory.directory.users.roles(tenant.tenantId, grace.body.id)).toEqual(expected);
    const answer = await admin.request(`api/tenants/${tenant.tenantId}/users/${grace.body.id}/roles`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({ roles: expected });
  });

  it('answers undefined (the admin API 404) for an unknown user, and nothing of another tenant', async () => {
    const other = await host.createTenant('Other');
    const stranger = await scimFetch(`${host.scimUrl(other.tenantId)}/Users`, other.token, { body: { schemas: [USER], userName: 'x@other.example', roles: [{ value: 'Admin' }] } });
    expect(await host.directory.directory.users.roles(tenant.tenantId, stranger.body.id)).toBeUndefined();
    expect(await host.directory.directory.users.roles(tenant.tenantId, 'not-a-uuid')).toBeUndefined();
    const answer = await admin.request(`api/tenants/${tenant.tenantId}/users/${stranger.body.id}/roles`);
    expect(answer.status).toBe(404);
    expect(answer.body.error.field).toBe('userId');
  });
});
