/**
 * Every read of the directory on a camelCase host knex (`postProcessResponse` renames result keys to camelCase,
 * `wrapIdentifier` maps camelCase to snake_case, as objection's knexSnakeCaseMappers and knex-stringcase do): the
 * host read API (lookups, lists, iteration, members, counts), the change feed, tenants and credentials, the admin
 * API over HTTP and the event log. Each answer is checked for values, so a row read under the wrong key names
 * (an undefined column, a count of 0) fails here. The flows that write are in host-knex-flows.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { AdminClient } from './admin-api/admin-client.js';
import { CAMEL_CASE_SETTINGS } from '../support/camel-case-knex.js';
import { pgBouncerKnex } from '../support/database.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

let knex: Knex;
let host: TestHost;
let admin: AdminClient;
let t: { tenantId: string; token: string; baseUrl: string };
const ids = new Map<string, string>();
const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${t.baseUrl}${path}`, t.token, init);
const id = (name: string): string => ids.get(name) as string;

async function create(path: '/Users' | '/Groups', name: string, body: Record<string, unknown>): Promise<void> {
  const created = await call(path, { body });
  expect(created.status, created.text).toBe(201);
  ids.set(name, created.body.id as string);
}

beforeAll(async () => {
  knex = pgBouncerKnex(CAMEL_CASE_SETTINGS);
  // LISTEN needs a session of its own, which PgBouncer in transaction mode does not give. A retention far above
  // what any tenant holds makes `prune()` run its per-tenant statements without deleting anything.
  host = await startTestHost({ knex, events: { notify: false }, changeRetention: { maxRowsPerTenant: 10_000_000 } });
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
  t = await host.createTenant('Camel host reads');
  for (const [userName, active] of [['ada', true], ['grace', true], ['alan', false]] as const) {
    await create('/Users', userName, { schemas: [USER], userName, name: { givenName: userName.toUpperCase() }, emails: [{ value: `${userName}@reads.example`, primary: true }], active });
  }
  await create('/Groups', 'Inner', { schemas: [GROUP], displayName: 'Inner', externalId: 'inner-ext', members: [{ value: id('alan') }] });
  await create('/Groups', 'Pioneers', { schemas: [GROUP], displayName: 'Pioneers', members: [{ value: id('ada') }, { value: id('grace') }, { value: id('Inner') }] });
});
afterAll(async () => {
  await host?.close();
  await knex?.destroy();
});

describe('the host read API on a camelCase host knex', () => {
  it('finds users by userName, id and email, with their groups', async () => {
    const ada = await host.directory.directory.users.findByUserName(t.tenantId, 'ADA');
    expect(ada).toMatchObject({ id: id('ada'), userName: 'ada', meta: { version: 'W/"1"' } });
    expect(ada?.groups).toEqual([expect.objectContaining({ value: id('Pioneers'), display: 'Pioneers' })]);
    expect((await host.directory.directory.users.get(t.tenantId, id('grace')))?.userName).toBe('grace');
    expect((await host.directory.directory.users.findByEmail(t.tenantId, 'ALAN@reads.example')).map((u) => u.id)).toEqual([id('alan')]);
  });

  it('lists, counts and iterates users and groups', async () => {
    const users = host.directory.directory.users;
    const page = await users.list(t.tenantId, { filter: 'userName sw "a"', sortBy: 'userName', count: 1 });
    expect(page.totalResults).toBe(2);
    expect(page.resources.map((r) => r.userName)).toEqual(['ada']);
    expect(await users.count(t.tenantId)).toBe(3);
    expect(await users.count(t.tenantId, { active: false })).toBe(1);
    const iterated: unknown[] = [];
    for await (const user of users.iterate(t.tenantId)) iterated.push(user.userName);
    expect(iterated).toEqual(['ada', 'grace', 'alan']);
    const groups = host.directory.directory.groups;
    expect((await groups.findByDisplayName(t.tenantId, 'pioneers'))?.id).toBe(id('Pioneers'));
    expect((await groups.findByExternalId(t.tenantId, 'inner-ext'))?.displayName).toBe('Inner');
    expect((await groups.list(t.tenantId, { sortBy: 'displayName' })).resources.map((g) => g.displayName)).toEqual(['Inner', 'Pioneers']);
    expect(await groups.count(t.tenantId)).toBe(2);
  });

  it('pages group members, direct and nested, and counts the directory', async () => {
    const groups = host.directory.directory.groups;
    const direct = await groups.members(t.tenantId, id('Pioneers'));
    expect(direct.members.map((m) => m.id).sort()).toEqual([id('ada'), id('grace'), id('Inner')].sort());
    expect(direct.members.find((m) => m.id === id('Inner'))).toMatchObject({ type: 'Group', display: 'Inner', membership: 'direct' });
    const nested = await groups.members(t.tenantId, id('Pioneers'), { transitive: true, type: 'User' });
    expect(nested.members.find((m) => m.id === id('alan'))).toMatchObject({ type: 'User', display: 'alan', membership: 'indirect' });
    expect(nested.members).toHaveLength(3);
    expect(await host.directory.directory.counts(t.tenantId)).toEqual({ users: 3, activeUsers: 2, groups: 2, deletedUsers: 0, deletedGroups: 0 });
  });
});

describe('the change feed on a camelCase host knex', () => {
  it('reads the tenant changes with their fields, continues after the cursor and prunes', async () => {
    const page = await host.directory.changes.read({ tenantId: t.tenantId, limit: 1000 });
    const created = page.changes.filter((c) => c.type === 'user.created');
    expect(created.map((c) => c.resourceId)).toEqual([id('ada'), id('grace'), id('alan')]);
    expect(created[0]).toMatchObject({ tenantId: t.tenantId, resourceType: 'User' });
    expect(created[0]?.at).toBeInstanceOf(Date);
    expect((await host.directory.changes.read({ tenantId: t.tenantId, after: page.cursor })).changes).toEqual([]);
    await call('/Users', { body: { schemas: [USER], userName: 'late' } });
    const after = await host.directory.changes.read({ tenantId: t.tenantId, after: page.cursor });
    expect(after.changes.map((c) => c.type)).toEqual(['user.created']);
    expect(typeof (await host.directory.changes.currentCursor())).toBe('string');
    expect(await host.directory.changes.prune()).toBeGreaterThanOrEqual(0);
    expect((await host.directory.changes.read({ tenantId: t.tenantId, limit: 1000 })).changes.length).toBe(page.changes.length + 1);
  });
});

describe('tenants and credentials on a camelCase host knex', () => {
  it('lists tenants and credentials, rotates and revokes', async () => {
    const scratch = await host.createTenant('Camel credentials');
    expect((await host.directory.tenants.list()).find((tenant) => tenant.id === scratch.tenantId)).toMatchObject({ name: 'Camel credentials', enabled: true });
    expect(await host.directory.tenants.get(scratch.tenantId)).toMatchObject({ id: scratch.tenantId, name: 'Camel credentials' });
    const [first] = await host.directory.tenants.listCredentials(scratch.tenantId);
    expect(first).toMatchObject({ tenantId: scratch.tenantId, active: true, revokedAt: null });
    const rotated = await host.directory.tenants.rotate(scratch.tenantId, first?.id as string);
    expect(rotated).toBeDefined();
    const both = await host.directory.tenants.listCredentials(scratch.tenantId);
    expect(both.map((c) => c.id).sort()).toEqual([first?.id, rotated?.credential.id].sort());
    expect(await host.directory.tenants.revoke(scratch.tenantId, first?.id as string)).toBe(true);
    expect((await host.directory.tenants.listCredentials(scratch.tenantId)).find((c) => c.id === first?.id)?.revokedAt).toBeInstanceOf(Date);
    expect((await scimFetch(`${scratch.baseUrl}/Users`, scratch.token)).status).toBe(401);
    expect((await scimFetch(`${scratch.baseUrl}/Users`, rotated?.token)).status).toBe(200);
    expect(await host.directory.tenants.verify(scratch.tenantId, rotated?.token as string)).toMatchObject({
      tenant: { id: scratch.tenantId, name: 'Camel credentials' },
      credentialId: rotated?.credential.id,
    });
  });
});

describe('the admin API and event log on a camelCase host knex', () => {
  it('lists users and groups with counts, and shows a user, a group and its members', async () => {
    const users = await admin.request(`api/tenants/${t.tenantId}/users?sortBy=userName`);
    expect(users.status, users.text).toBe(200);
    expect(users.body.totalResults).toBe(4);
    expect(users.body.items[0]).toMatchObject({ id: id('ada'), userName: 'ada', name: 'ADA', email: 'ada@reads.example', active: true });
    const ada = await admin.request(`api/tenants/${t.tenantId}/users/${id('ada')}`);
    expect(ada.status, ada.text).toBe(200);
    expect(JSON.stringify(ada.body)).toContain(id('Pioneers'));
    const groups = await admin.request(`api/tenants/${t.tenantId}/groups`);
    expect(groups.body.totalResults).toBe(2);
    expect(groups.body.items.map((g: { displayName: string; memberCount: number }) => [g.displayName, g.memberCount])).toEqual([
      ['Inner', 1],
      ['Pioneers', 3],
    ]);
    const group = await admin.request(`api/tenants/${t.tenantId}/groups/${id('Pioneers')}`);
    expect(group.status, group.text).toBe(200);
    expect(JSON.stringify(group.body)).toContain('"memberCount":3');
    const members = await admin.request(`api/tenants/${t.tenantId}/groups/${id('Pioneers')}/members?count=2`);
    expect(members.body).toMatchObject({ totalResults: 3, itemsPerPage: 2 });
    const all = await admin.request(`api/tenants/${t.tenantId}/groups/${id('Pioneers')}/members`);
    expect(all.body.items.find((m: { id: string }) => m.id === id('grace'))).toMatchObject({ type: 'User', name: 'grace', active: true });
  });

  it('lists the event log, shows one event with its bodies and the tenant status', async () => {
    await call('/Users', { body: { schemas: [USER], userName: 'ada' } });
    const events = await admin.request(`api/tenants/${t.tenantId}/events?status=4xx`);
    expect(events.status, events.text).toBe(200);
    expect(events.body.totalResults).toBe(1);
    expect(events.body.events[0]).toMatchObject({ method: 'POST', path: '/Users', status: 409 });
    const one = await admin.request(`api/tenants/${t.tenantId}/events/${events.body.events[0].id}`);
    expect(one.status, one.text).toBe(200);
    expect(JSON.stringify(one.body)).toContain('uniqueness');
    const everything = await admin.request(`api/tenants/${t.tenantId}/events`);
    expect(everything.body.totalResults).toBeGreaterThanOrEqual(7);
    const status = await admin.request(`api/tenants/${t.tenantId}/status`);
    expect(status.body).toMatchObject({ users: 4, activeUsers: 3, groups: 2, activeCredentials: 1, errorsLast24h: 1, lastRequest: { method: 'POST', status: 409 } });
    expect(status.body.requestsLast24h).toBe(everything.body.totalResults);
    const tenants = await admin.request('api/tenants');
    expect(JSON.stringify(tenants.body)).toContain('Camel host reads');
  });
});
