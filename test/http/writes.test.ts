import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Tenant = { tenantId: string; token: string; baseUrl: string };
let host: TestHost;
let tenant: Tenant;

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Writes');
});
afterAll(() => host.close());

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}, t: Tenant = tenant) => scimFetch(`${t.baseUrl}${path}`, t.token, init);
const patchUser = (id: string, operations: unknown[], headers: Record<string, string> = {}) =>
  call(`/Users/${id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: operations }, headers });

async function createUser(userName: string, extra: Record<string, unknown> = {}, t: Tenant = tenant): Promise<Record<string, any>> {
  const response = await call('/Users', { body: { schemas: [USER], userName, ...extra } }, t);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function changeTypes(id: string): Promise<string[]> {
  const rows = await host.knex('scim_changes').where({ tenant_id: tenant.tenantId, resource_id: id }).orderBy('seq');
  return rows.map((row: { type: string }) => row.type);
}

describe('PUT /Users/<id>', () => {
  it('replaces all mutable attributes, ignores id and meta in the body and bumps the version', async () => {
    const user = await createUser('put.me', { title: 'Old', nickName: 'nick', [ENTERPRISE]: { department: 'R&D' } });
    const response = await call(`/Users/${user.id}`, {
      method: 'PUT',
      body: { schemas: [USER], id: 'something-else', meta: { version: 'W/"99"' }, userName: 'put.me', displayName: 'Put Me' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('W/"2"');
    expect(response.body).toMatchObject({ id: user.id, userName: 'put.me', displayName: 'Put Me', meta: { version: 'W/"2"', created: user.meta.created } });
    expect(response.body.title).toBeUndefined();
    expect(response.body.nickName).toBeUndefined();
    expect(response.body[ENTERPRISE]).toBeUndefined();
    expect(response.body.schemas).toEqual([USER]);
    expect(new Date(response.body.meta.lastModified).getTime()).toBeGreaterThan(new Date(user.meta.lastModified).getTime());
  });

  it('writes nothing and keeps the version when the document is unchanged', async () => {
    const user = await createUser('same');
    const response = await call(`/Users/${user.id}`, { method: 'PUT', body: { schemas: [USER], userName: 'same' } });
    expect(response.status).toBe(200);
    expect(response.body.meta.version).toBe('W/"1"');
    expect(await changeTypes(user.id)).toEqual(['user.created']);
  });

  it('answers 409 when the new userName belongs to another user', async () => {
    await createUser('taken.name');
    const user = await createUser('free.name');
    const response = await call(`/Users/${user.id}`, { method: 'PUT', body: { schemas: [USER], userName: 'Taken.Name' } });
    expect(response.status).toBe(409);
    expect(response.body.scimType).toBe('uniqueness');
    expect((await call(`/Users/${user.id}`)).body.userName).toBe('free.name');
    expect(await changeTypes(user.id)).toEqual(['user.created']);
  });

  it('answers 404 for an unknown id and 400 for a bad body', async () => {
    expect((await call('/Users/6b1d3c8e-0000-4000-8000-000000000000', { method: 'PUT', body: { schemas: [USER], userName: 'x' } })).status).toBe(404);
    const user = await createUser('bad.body');
    const response = await call(`/Users/${user.id}`, { method: 'PUT', body: { schemas: [USER], userName: 'bad.body', active: 'maybe' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('active') });
  });
});

describe('PATCH /Users/<id>', () => {
  it('applies operations and answers 200 with the user; active false → user.deactivated, true → user.reactivated', async () => {
    const user = await createUser('patch.me', { emails: [{ value: 'a@x.example', type: 'work' }, { value: 'b@x.example', type: 'home', primary: true }] });
    const response = await patchUser(user.id, [
      { op: 'replace', path: 'active', value: false },
      { op: 'replace', path: 'emails[type eq "work"].primary', value: true },
      { op: 'add', path: `${ENTERPRISE}:department`, value: 'Ops' },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ active: false, [ENTERPRISE]: { department: 'Ops' }, meta: { version: 'W/"2"' } });
    expect(response.body.emails[0]).toEqual({ value: 'a@x.example', type: 'work', primary: true });
    // RFC 7643 §2.4: at most one primary value; the other one is no longer primary.
    expect(response.body.emails[1]).toMatchObject({ value: 'b@x.example', type: 'home' });
    expect(response.body.emails[1].primary).not.toBe(true);
    expect((await patchUser(user.id, [{ op: 'replace', value: { active: true } }])).status).toBe(200);
    expect(await changeTypes(user.id)).toEqual(['user.created', 'user.updated', 'user.deactivated', 'user.updated', 'user.reactivated']);
    // The email mirror follows the document: filters see the new primary email.
    const primary = await host.knex('scim_user_emails').where({ tenant_id: tenant.tenantId, user_id: user.id, is_primary: true });
    expect(primary.map((row: { value_key: string }) => row.value_key)).toEqual(['a@x.example']);
  });

  it('applies all operations or none, with the failing operation named', async () => {
    const user = await createUser('atomic.user', { title: 'Keep' });
    const response = await patchUser(user.id, [
      { op: 'replace', path: 'title', value: 'Changed' },
      { op: 'remove', path: 'userName' },
    ]);
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('Operations[1]');
    expect((await call(`/Users/${user.id}`)).body.title).toBe('Keep');
    expect(await changeTypes(user.id)).toEqual(['user.created']);
  });

  it('rejects writes to read-only attributes with 400 mutability and malformed paths with invalidPath', async () => {
    const user = await createUser('readonly.user');
    const groups = await patchUser(user.id, [{ op: 'add', path: 'groups', value: [{ value: user.id }] }]);
    expect(groups.status).toBe(400);
    expect(groups.body.scimType).toBe('mutability');
    const path = await patchUser(user.id, [{ op: 'replace', path: 'emails[type eq', value: 'x' }]);
    expect(path.status).toBe(400);
    expect(path.body.scimType).toBe('invalidPath');
  });

  it('requires the PatchOp schema and a non-empty Operations array', async () => {
    const user = await createUser('patch.shape');
    expect((await call(`/Users/${user.id}`, { method: 'PATCH', body: { Operations: [] } })).body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect((await call(`/Users/${user.id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [] } })).body.scimType).toBe('invalidSyntax');
  });
});

describe('versions (RFC 7644 §3.14)', () => {
  it('answers 412 for a stale If-Match on PUT, PATCH and DELETE, and proceeds for a current one or *', async () => {
    const user = await createUser('versioned');
    const stale = { 'if-match': 'W/"7"' };
    const put = await call(`/Users/${user.id}`, { method: 'PUT', body: { schemas: [USER], userName: 'versioned', title: 'x' }, headers: stale });
    expect(put.status).toBe(412);
    expect(put.body).toMatchObject({ status: '412', detail: expect.stringContaining('W/"1"') });
    expect((await patchUser(user.id, [{ op: 'add', path: 'title', value: 'x' }], stale)).status).toBe(412);
    expect((await call(`/Users/${user.id}`, { method: 'DELETE', headers: stale })).status).toBe(412);
    expect((await call(`/Users/${user.id}`)).body.meta.version).toBe('W/"1"');
    const current = await patchUser(user.id, [{ op: 'add', path: 'title', value: 'x' }], { 'if-match': 'W/"1"' });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe('W/"2"');
    expect((await patchUser(user.id, [{ op: 'add', path: 'title', value: 'y' }], { 'if-match': '*' })).status).toBe(200);
    expect((await call(`/Users/${user.id}`, { headers: { 'if-none-match': 'W/"3"' } })).status).toBe(304);
    expect((await call(`/Users/${user.id}`, { headers: { 'if-none-match': 'W/"2"' } })).status).toBe(200);
    expect((await call(`/Users/${user.id}`, { method: 'DELETE', headers: { 'if-match': '"3"' } })).status).toBe(204);
  });

  it('serialises concurrent PATCHes of one user: every change lands and the revision counts them', async () => {
    const user = await createUser('concurrent', { emails: [] });
    const values = Array.from({ length: 8 }, (_, i) => `e${i}@x.example`);
    const responses = await Promise.all(values.map((value) => patchUser(user.id, [{ op: 'add', path: 'emails', value: [{ value }] }])));
    expect(responses.map((r) => r.status)).toEqual(values.map(() => 200));
    const read = await call(`/Users/${user.id}`);
    expect(read.body.emails.map((e: { value: string }) => e.value).sort()).toEqual(values.sort());
    expect(read.body.meta.version).toBe(`W/"${values.length + 1}"`);
  });
});

describe('tenant settings and isolation', () => {
  it('returns the existing user with 200 on a userName conflict when linkUsersOnConflict is on', async () => {
    const t = await host.createTenant('Linking');
    await host.directory.tenants.updateSettings(t.tenantId, { linkUsersOnConflict: true });
    const first = await createUser('linked', {}, t);
    const again = await call('/Users', { body: { schemas: [USER], userName: 'LINKED' } }, t);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.id);
  });

  it("keeps tenants apart: B's token cannot read A's users, and A's ids under B's URL are 404", async () => {
    const a = await host.createTenant('A');
    const b = await host.createTenant('B');
    const user = await createUser('isolated', {}, a);
    expect((await scimFetch(`${a.baseUrl}/Users/${user.id}`, b.token)).status).toBe(401);
    const crossed = await scimFetch(`${b.baseUrl}/Users/${user.id}`, b.token);
    expect(crossed.status).toBe(404);
    expect((await scimFetch(`${b.baseUrl}/Users/${user.id}`, b.token, { method: 'DELETE' })).status).toBe(404);
    expect((await scimFetch(`${b.baseUrl}/Users/${user.id}`, b.token, { method: 'PUT', body: { schemas: [USER], userName: 'stolen' } })).status).toBe(404);
    expect((await scimFetch(`${b.baseUrl}/Users`, b.token)).body.totalResults).toBe(0);
    // The same userName is free in another tenant.
    expect((await call('/Users', { body: { schemas: [USER], userName: 'isolated' } }, b)).status).toBe(201);
    expect((await scimFetch(`${a.baseUrl}/Users/${user.id}`, a.token)).body.userName).toBe('isolated');
  });
});
