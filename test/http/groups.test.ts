import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Tenant = { tenantId: string; token: string; baseUrl: string };
let host: TestHost;
let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Groups');
  other = await host.createTenant('Other');
});
afterAll(() => host.close());

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}, t: Tenant = tenant) => scimFetch(`${t.baseUrl}${path}`, t.token, init);

async function createUser(userName: string, t: Tenant = tenant): Promise<string> {
  const response = await call('/Users', { body: { schemas: [USER], userName } }, t);
  expect(response.status).toBe(201);
  return response.body.id as string;
}

async function createGroup(displayName: string, members: { value: string; type?: string }[] = []): Promise<string> {
  const response = await call('/Groups', { body: { schemas: [GROUP], displayName, members } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

const patch = (id: string, operations: unknown[], query = '') => call(`/Groups/${id}${query}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: operations } });

async function memberValues(id: string): Promise<string[]> {
  const response = await call(`/Groups/${id}`);
  return ((response.body.members ?? []) as { value: string }[]).map((member) => member.value).sort();
}

async function changeTypes(resourceId: string): Promise<string[]> {
  const rows = await host.knex('scim_changes').where({ tenant_id: tenant.tenantId, resource_id: resourceId }).orderBy('seq');
  return rows.map((row: { type: string }) => row.type);
}

describe('POST /Groups', () => {
  it('creates a group with members and returns them with value, $ref, type and display', async () => {
    const ada = await createUser('ada@groups');
    const response = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Engineers', members: [{ value: ada }] } });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`${tenant.baseUrl}/Groups/${response.body.id}`);
    expect(response.headers.get('etag')).toBe('W/"1"');
    expect(response.body).toMatchObject({
      schemas: [GROUP],
      displayName: 'Engineers',
      members: [{ value: ada, $ref: `${tenant.baseUrl}/Users/${ada}`, type: 'User', display: 'ada@groups' }],
      meta: { resourceType: 'Group', version: 'W/"1"' },
    });
    expect(await changeTypes(response.body.id)).toEqual(['group.created', 'group.member_added']);
    // User.groups is computed from memberships.
    const user = await call(`/Users/${ada}`);
    expect(user.body.groups).toEqual([{ value: response.body.id, $ref: `${tenant.baseUrl}/Groups/${response.body.id}`, display: 'Engineers', type: 'direct' }]);
  });

  it('answers 409 for a displayName taken in any case', async () => {
    await createGroup('Unique name');
    const response = await call('/Groups', { body: { schemas: [GROUP], displayName: 'UNIQUE NAME' } });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ status: '409', scimType: 'uniqueness', detail: expect.stringContaining('displayName') });
  });

  it('rejects unknown member ids and members of another tenant with 400 invalidValue naming the id, creating nothing', async () => {
    const foreign = await createUser('foreign', other);
    const before = await host.knex('scim_groups').where({ tenant_id: tenant.tenantId }).count<{ count: string }[]>({ count: '*' });
    for (const value of [foreign, '6b1d3c8e-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const response = await call('/Groups', { body: { schemas: [GROUP], displayName: `bad ${value}`, members: [{ value }] } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining(value) });
    }
    const after = await host.knex('scim_groups').where({ tenant_id: tenant.tenantId }).count<{ count: string }[]>({ count: '*' });
    expect(after).toEqual(before);
  });

  it('rejects a member type that does not fit the id', async () => {
    const ada = await createUser('typed');
    const response = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Typed', members: [{ value: ada, type: 'Group' }] } });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });
});

describe('nested groups', () => {
  it('allows groups as members and rejects self-membership and cycles with 400 invalidValue', async () => {
    const bottom = await createGroup('bottom');
    const middle = await createGroup('middle', [{ value: bottom, type: 'Group' }]);
    const top = await createGroup('top', [{ value: middle }]);
    expect(await memberValues(top)).toEqual([middle]);
    const self = await patch(top, [{ op: 'add', path: 'members', value: [{ value: top }] }]);
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining(top) });
    const cycle = await patch(bottom, [{ op: 'add', path: 'members', value: [{ value: top }] }]);
    expect(cycle.status).toBe(400);
    expect(cycle.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('cycle') });
    expect(await memberValues(bottom)).toEqual([]);
    const put = await call(`/Groups/${bottom}`, { method: 'PUT', body: { schemas: [GROUP], displayName: 'bottom', members: [{ value: middle }] } });
    expect(put.status).toBe(400);
  });
});

describe('PATCH /Groups/<id>', () => {
  it('adds and removes members as set operations, answers 204 by default and moves the version', async () => {
    const [a, b, c] = [await createUser('pa'), await createUser('pb'), await createUser('pc')];
    const g = await createGroup('patched', [{ value: a }]);
    const added = await patch(g, [{ op: 'add', path: 'members', value: [{ value: b }, { value: c }, { value: a }] }]);
    expect(added.status).toBe(204);
    expect(added.text).toBe('');
    expect(added.headers.get('etag')).toBe('W/"2"');
    expect(await memberValues(g)).toEqual([a, b, c].sort());
    expect((await patch(g, [{ op: 'remove', path: `members[value eq "${b}"]` }])).status).toBe(204);
    expect(await memberValues(g)).toEqual([a, c].sort());
    // Entra's shape: remove with a value list removes those members only.
    expect((await patch(g, [{ op: 'Remove'.toLowerCase(), path: 'members', value: [{ value: c }] }])).status).toBe(204);
    expect(await memberValues(g)).toEqual([a]);
    expect((await patch(g, [{ op: 'replace', path: 'members', value: [{ value: b }] }])).status).toBe(204);
    expect(await memberValues(g)).toEqual([b]);
    expect((await patch(g, [{ op: 'remove', path: 'members' }])).status).toBe(204);
    expect(await memberValues(g)).toEqual([]);
    // A replace of the member list records the members it removed, then those it added.
    expect(await changeTypes(g)).toEqual([
      'group.created', 'group.member_added', 'group.member_added', 'group.member_added', 'group.member_removed',
      'group.member_removed', 'group.member_removed', 'group.member_added', 'group.member_removed',
    ]);
  });

  it('applies all operations or none: a bad member in the second operation leaves the first undone', async () => {
    const a = await createUser('atomic');
    const g = await createGroup('atomic group');
    const response = await patch(g, [
      { op: 'replace', path: 'displayName', value: 'renamed' },
      { op: 'add', path: 'members', value: [{ value: a }] },
      { op: 'add', path: 'members', value: [{ value: '6b1d3c8e-0000-4000-8000-000000000001' }] },
    ]);
    expect(response.status).toBe(400);
    const read = await call(`/Groups/${g}`);
    expect(read.body.displayName).toBe('atomic group');
    expect(read.body.members).toBeUndefined();
    expect(read.body.meta.version).toBe('W/"1"');
    expect(await changeTypes(g)).toEqual(['group.created']);
  });

  it('answers 200 with the group when the request names attributes', async () => {
    const g = await createGroup('asks');
    const response = await patch(g, [{ op: 'replace', path: 'displayName', value: 'asked' }], '?attributes=displayName');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ schemas: [GROUP], id: g, displayName: 'asked' });
  });

  it("answers 200 without members when the tenant's groupPatchResponse is 'resource'", async () => {
    const t = await host.createTenant('Resource answers');
    await host.directory.tenants.updateSettings(t.tenantId, { groupPatchResponse: 'resource' });
    const user = await createUser('member', t);
    const created = await call('/Groups', { body: { schemas: [GROUP], displayName: 'g', members: [{ value: user }] } }, t);
    const response = await scimFetch(`${t.baseUrl}/Groups/${created.body.id}`, t.token, {
      method: 'PATCH',
      body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { displayName: 'renamed' } }] },
    });
    expect(response.status).toBe(200);
    expect(response.body.displayName).toBe('renamed');
    expect(response.body.members).toBeUndefined();
  });
});

describe('group versions', () => {
  it('answers 412 for a stale If-Match on PATCH, PUT and DELETE, and 304 for a current If-None-Match', async () => {
    const g = await createGroup('versioned group');
    const stale = { 'if-match': 'W/"5"' };
    expect((await call(`/Groups/${g}`, { method: 'PATCH', headers: stale, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'x' }] } })).status).toBe(412);
    expect((await call(`/Groups/${g}`, { method: 'PUT', headers: stale, body: { schemas: [GROUP], displayName: 'x' } })).status).toBe(412);
    expect((await call(`/Groups/${g}`, { method: 'DELETE', headers: stale })).status).toBe(412);
    expect((await call(`/Groups/${g}`, { headers: { 'if-none-match': 'W/"1"' } })).status).toBe(304);
    const put = await call(`/Groups/${g}`, { method: 'PUT', headers: { 'if-match': 'W/"1"' }, body: { schemas: [GROUP], displayName: 'versioned group 2' } });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('W/"2"');
    expect(await changeTypes(g)).toEqual(['group.created', 'group.updated']);
  });

  it('keeps the version, lastModified and change feed of a group that a PATCH or PUT leaves as it was', async () => {
    const [a, b] = [await createUser('still-a'), await createUser('still-b')];
    const g = await createGroup('still', [{ value: a }]);
    const before = (await call(`/Groups/${g}`)).body;
    const unchanged = await patch(g, [
      { op: 'add', path: 'members', value: [{ value: a }] },
      { op: 'remove', path: `members[value eq "${b}"]` },
      { op: 'replace', path: 'displayName', value: 'still' },
    ]);
    expect(unchanged.status).toBe(204);
    expect(unchanged.headers.get('etag')).toBe('W/"1"');
    const asked = await patch(g, [{ op: 'remove', path: 'members', value: [{ value: b }] }], '?attributes=displayName,meta');
    expect(asked.status).toBe(200);
    expect(asked.body.meta).toEqual(before.meta);
    const put = await call(`/Groups/${g}`, { method: 'PUT', body: { schemas: [GROUP], displayName: 'still', members: [{ value: a }] } });
    expect(put.status).toBe(200);
    expect(put.body.meta).toEqual(before.meta);
    expect(await changeTypes(g)).toEqual(['group.created', 'group.member_added']);
    expect((await patch(g, [{ op: 'add', path: 'members', value: [{ value: b }] }])).headers.get('etag')).toBe('W/"2"');
  });
});

describe('reading groups', () => {
  it('never reads the membership table for excludedAttributes=members', async () => {
    const a = await createUser('reader');
    const g = await createGroup('read me', [{ value: a }]);
    const statements: string[] = [];
    const listener = (query: { sql: string }) => statements.push(query.sql);
    host.knex.on('query', listener);
    try {
      const single = await call(`/Groups/${g}?excludedAttributes=members`);
      const list = await call(`/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "read me"')}`);
      expect(single.body.members).toBeUndefined();
      expect(list.body.Resources[0].members).toBeUndefined();
      expect(list.body.totalResults).toBe(1);
    } finally {
      host.knex.removeListener('query', listener);
    }
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((text) => text.includes('scim_memberships'))).toEqual([]);
    expect((await call(`/Groups/${g}`)).body.members).toHaveLength(1);
  });
});

describe('DELETE', () => {
  it('removes the memberships of a deleted user and of a deleted group, both as group and as member', async () => {
    const a = await createUser('leaves');
    const child = await createGroup('child', [{ value: a }]);
    const parent = await createGroup('parent', [{ value: a }, { value: child }]);
    expect((await call(`/Users/${a}`, { method: 'DELETE' })).status).toBe(204);
    expect(await memberValues(parent)).toEqual([child]);
    expect((await call(`/Groups/${parent}`)).body.meta.version).toBe('W/"2"');
    expect((await call(`/Groups/${child}`, { method: 'DELETE' })).status).toBe(204);
    expect(await memberValues(parent)).toEqual([]);
    expect((await call(`/Groups/${child}`)).status).toBe(404);
    const rows = await host.knex('scim_memberships').where({ tenant_id: tenant.tenantId }).whereIn('member_id', [a, child]);
    expect(rows).toEqual([]);
    expect(await changeTypes(parent)).toEqual(['group.created', 'group.member_added', 'group.member_added', 'group.member_removed', 'group.member_removed']);
  });
});
