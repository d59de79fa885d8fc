/**
 * Groups mapped to roles and `user.roles.changed` over HTTP, on PostgreSQL and the embedded database: the admin
 * API maps groups to declared roles (audited), and the change feed and host events report a user's effective
 * roles moving through its own roles (Entra's and Okta's shapes), a group's membership (PATCH and PUT, nested
 * groups included), a group's deletion and the mapping itself — and nothing when the roles did not move.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import type { FeedChange } from '../../lib/index.js';
import { BOTH_DATABASES } from '../support/both-databases.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';
import { AdminClient } from './admin-api/admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTRA_AGENT = { 'user-agent': 'Azure AD SCIM Client' };

describe.each(BOTH_DATABASES)('group role mappings and user.roles.changed on %s', (_name, open) => {
  let knex: Knex;
  let host: TestHost;
  let admin: AdminClient;
  let tenant: { tenantId: string; token: string; baseUrl: string };
  let cursor: string | undefined;
  const heard: FeedChange[] = [];
  const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);
  const groupRoles = (groupId: string) => `api/tenants/${tenant.tenantId}/groups/${groupId}/roles`;
  const map = (groupId: string, role: string) => admin.request(groupRoles(groupId), { body: { role } });
  const unmap = (groupId: string, role: string) => admin.request(`${groupRoles(groupId)}/${encodeURIComponent(role)}`, { method: 'DELETE' });
  const newUser = async (userName: string, extra: Record<string, unknown> = {}) => (await call('/Users', { body: { schemas: [USER], userName, ...extra } })).body.id as string;
  const newGroup = async (displayName: string, members: string[] = [], type = 'User') =>
    (await call('/Groups', { body: { schemas: [GROUP], displayName, members: members.map((value) => ({ value, type })) } })).body.id as string;
  const patchMembers = (groupId: string, op: 'add' | 'remove', ids: string[]) =>
    call(`/Groups/${groupId}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op, path: 'members', value: ids.map((value) => ({ value })) }] } });

  /** The `user.roles.changed` recorded since the last call: `[userId, added, removed]`, in feed order. */
  async function roleChanges(): Promise<[string, readonly string[], readonly string[]][]> {
    const page = await host.directory.changes.read({ tenantId: tenant.tenantId, ...(cursor ? { after: cursor } : {}) });
    cursor = page.cursor;
    return page.changes.filter((change) => change.type === 'user.roles.changed').map((change) => {
      const data = change.data as { readonly added: readonly string[]; readonly removed: readonly string[] };
      return [change.resourceId, data.added, data.removed];
    });
  }

  beforeAll(async () => {
    knex = await open();
    host = await startTestHost({ knex, rateLimits: false, roles: [{ value: 'Admin' }, { value: 'Reader' }, { value: 'Billing' }] });
    await host.directory.migrate();
    host.directory.on('user.roles.changed', (event) => void heard.push(event));
    await host.directory.eventsReady();
    const created = await host.createTenant('Role changes');
    tenant = { ...created, baseUrl: host.scimUrl(created.tenantId) };
    admin = new AdminClient(`${host.origin}/admin/`);
    await admin.session();
  });
  afterAll(async () => {
    await host.close();
    await knex.destroy();
  });
  beforeEach(async () => {
    await roleChanges(); // from here on
  });

  it('reports a user created with roles and changes of its own roles in Entra\'s shape; other changes report none', async () => {
    const ada = await newUser('ada@changes.example', { roles: [{ value: 'Reader' }] });
    expect(await roleChanges()).toEqual([[ada, ['Reader'], []]]);
    const entra = await call(`/Users/${ada}`, {
      method: 'PATCH',
      headers: ENTRA_AGENT,
      body: { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'roles[primary eq "True"].value', value: 'Admin' }] },
    });
    expect(entra.status, entra.text).toBe(200);
    expect(await roleChanges()).toEqual([[ada, ['Admin'], []]]);
    await call(`/Users/${ada}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Ada' }] } });
    expect(await roleChanges()).toEqual([]);
    // Okta's full-object PUT with a plain role list.
    const put = await call(`/Users/${ada}`, { method: 'PUT', body: { schemas: [USER], userName: 'ada@changes.example', roles: [{ value: 'Admin' }] } });
    expect(put.status, put.text).toBe(200);
    expect(await roleChanges()).toEqual([[ada, [], ['Reader']]]);
    // Okta's pathless PATCH replacing the list.
    const okta = await call(`/Users/${ada}`, {
      method: 'PATCH',
      headers: { 'user-agent': 'Okta SCIM Client 1.0.0' },
      body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { roles: [{ value: 'Admin', display: 'Admin' }, { value: 'Reader', display: 'Reader' }] } }] },
    });
    expect(okta.status, okta.text).toBe(200);
    expect(await roleChanges()).toEqual([[ada, ['Reader'], []]]);
  });

  it('maps groups to declared roles through the admin API, audited, and reports the users the mapping moves', async () => {
    const grace = await newUser('grace@changes.example');
    const linus = await newUser('linus@changes.example', { roles: [{ value: 'Billing' }] });
    await roleChanges();
    const finance = await newGroup('Finance', [grace, linus]);
    expect(await roleChanges()).toEqual([]);

    const mapped = await map(finance, 'Billing');
    expect(mapped.status, mapped.text).toBe(201);
    expect(mapped.body.mapping).toMatchObject({ groupId: finance, groupDisplayName: 'Finance', role: 'Billing' });
    // Linus had Billing already (his own role): only Grace's roles moved.
    const changes = await roleChanges();
    expect(changes).toEqual([[grace, ['Billing'], []]]);
    expect((await map(finance, 'Billing')).status).toBe(200);
    expect(await roleChanges()).toEqual([]);

    const listed = await admin.request(`api/tenants/${tenant.tenantId}/role-mappings`);
    expect(listed.body.mappings).toEqual([expect.objectContaining({ groupId: finance, role: 'Billing' })]);
    expect(listed.body.roles.map((role: { value: string }) => role.value)).toEqual(['Admin', 'Reader', 'Billing']);

    expect((await unmap(finance, 'Billing')).status).toBe(204);
    expect(await roleChanges()).toEqual([[grace, [], ['Billing']]]);
    expect((await unmap(finance, 'Billing')).status).toBe(404);

    const audit = await admin.request(`api/audit?tenantId=${tenant.tenantId}`);
    const actions = (audit.body.items as { action: string; target: { id: string }; details: { role: string } }[]).filter((entry) => entry.action.startsWith('role_mapping.'));
    expect(actions.map((entry) => [entry.action, entry.target.id, entry.details.role])).toEqual([
      ['role_mapping.removed', finance, 'Billing'],
      ['role_mapping.added', finance, 'Billing'],
    ]);
  });

  it('refuses an undeclared role, an unknown group and a group of another tenant', async () => {
    const group = await newGroup('Refusals');
    const undeclared = await map(group, 'Root');
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.error.field).toBe('role');
    const unknown = await map('00000000-0000-4000-8000-000000000000', 'Admin');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe('groupId');
    expect((await map('not-a-uuid', 'Admin')).status).toBe(404);
    const other = await host.createTenant('Other');
    const foreign = await scimFetch(`${host.scimUrl(other.tenantId)}/Groups`, other.token, { body: { schemas: [GROUP], displayName: 'Foreign' } });
    expect((await map(foreign.body.id, 'Admin')).status).toBe(404);
    expect((await admin.request(groupRoles(group), { body: {} })).body.error.field).toBe('role');
  });

  it('reports members added and removed through PATCH and PUT, nested groups included (A in B, B mapped)', async () => {
    const [u1, u2, u3] = [await newUser('u1@nested.example'), await newUser('u2@nested.example'), await newUser('u3@nested.example')];
    const inner = await newGroup('Team A', [u1]);
    const outer = await newGroup('Team B');
    expect((await map(outer, 'Admin')).status).toBe(201);
    expect(await roleChanges()).toEqual([]);

    // A joins B: everyone in A gains B's role.
    expect((await call(`/Groups/${outer}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: inner, type: 'Group' }] }] } })).status).toBe(204);
    expect(await roleChanges()).toEqual([[u1, ['Admin'], []]]);
    // Joining A now grants it; leaving takes it away.
    expect((await patchMembers(inner, 'add', [u2])).status).toBe(204);
    expect(await roleChanges()).toEqual([[u2, ['Admin'], []]]);
    expect((await patchMembers(inner, 'remove', [u2])).status).toBe(204);
    expect(await roleChanges()).toEqual([[u2, [], ['Admin']]]);
    // Added and removed again in one PATCH: nothing moved.
    const both = await call(`/Groups/${inner}`, {
      method: 'PATCH',
      body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: u2 }] }, { op: 'remove', path: `members[value eq "${u2}"]` }] },
    });
    expect(both.status, both.text).toBe(204);
    expect(await roleChanges()).toEqual([]);
    // A user also a direct member of B keeps the role when A leaves B.
    expect((await patchMembers(outer, 'add', [u1])).status).toBe(204);
    expect(await roleChanges()).toEqual([]);

    // PUT of A: u1 stays, u3 joins.
    const put = await call(`/Groups/${inner}`, { method: 'PUT', body: { schemas: [GROUP], displayName: 'Team A', members: [{ value: u1 }, { value: u3 }] } });
    expect(put.status, put.text).toBe(200);
    expect(await roleChanges()).toEqual([[u3, ['Admin'], []]]);
    // PUT of B without A: u3 loses the role, u1 (still in B directly) keeps it.
    const putOuter = await call(`/Groups/${outer}`, { method: 'PUT', body: { schemas: [GROUP], displayName: 'Team B', members: [{ value: u1 }] } });
    expect(putOuter.status, putOuter.text).toBe(200);
    expect(await roleChanges()).toEqual([[u3, [], ['Admin']]]);
    expect((await host.directory.directory.users.roles(tenant.tenantId, u1))?.map((role) => role.value)).toEqual(['Admin']);
  });

  it('reports the users of a deleted group that carried roles, through nesting too', async () => {
    const [v1, v2] = [await newUser('v1@delete.example'), await newUser('v2@delete.example', { roles: [{ value: 'Reader' }] })];
    expect(await roleChanges()).toEqual([[v2, ['Reader'], []]]);
    const inner = await newGroup('Readers inner', [v1, v2]);
    const outer = await newGroup('Readers outer', [inner], 'Group');
    expect((await map(outer, 'Reader')).status).toBe(201);
    expect(await roleChanges()).toEqual([[v1, ['Reader'], []]]);
    // Deleting the inner group takes the outer group's role from its members (v2 keeps its own).
    expect((await call(`/Groups/${inner}`, { method: 'DELETE' })).status).toBe(204);
    expect(await roleChanges()).toEqual([[v1, [], ['Reader']]]);
    // Deleting a mapped group takes its role; its mapping goes with it.
    const direct = await newGroup('Readers direct', [v1]);
    expect((await map(direct, 'Reader')).status).toBe(201);
    expect(await roleChanges()).toEqual([[v1, ['Reader'], []]]);
    expect((await call(`/Groups/${direct}`, { method: 'DELETE' })).status).toBe(204);
    expect(await roleChanges()).toEqual([[v1, [], ['Reader']]]);
    const listed = await admin.request(`api/tenants/${tenant.tenantId}/role-mappings`);
    expect(listed.body.mappings.map((mapping: { groupId: string }) => mapping.groupId)).not.toContain(direct);
  });

  it('hands user.roles.changed to the host as an event with the user and its roles', async () => {
    const hopper = await newUser('hopper@events.example');
    const group = await newGroup('Event group', [hopper]);
    expect((await map(group, 'Admin')).status).toBe(201);
    await expect.poll(() => heard.filter((event) => event.resourceId === hopper).length).toBe(1);
    const event = heard.find((candidate) => candidate.resourceId === hopper)!;
    expect(event).toMatchObject({ type: 'user.roles.changed', tenantId: tenant.tenantId, resourceType: 'User' });
    expect(event.data).toEqual({ userName: 'hopper@events.example', externalId: null, active: true, roles: ['Admin'], added: ['Admin'], removed: [], source: 'admin' });
  });
});
