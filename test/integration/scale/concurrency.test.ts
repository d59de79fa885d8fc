/**
 * Concurrent writes through the SCIM API on PostgreSQL, as identity providers send them: real parallel HTTP
 * requests, no mocks. Membership changes are set operations, userName uniqueness is the unique index, and writes
 * to one resource serialise on its row lock (RFC 7644 §3.14 for If-Match).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { testKnex } from '../../support/database.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PARALLEL = 24;

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

async function createUser(userName: string): Promise<string> {
  const response = await call('/Users', { body: { schemas: [USER], userName } });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

function statusCounts(statuses: readonly number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

beforeAll(async () => {
  // A pool big enough that the requests really run at the same time in PostgreSQL.
  host = await startTestHost({ knex: testKnex({ max: PARALLEL + 2 }) });
  tenant = await host.createTenant('Concurrency');
});
afterAll(async () => {
  await host?.close();
  await host?.knex.destroy();
});

describe('concurrent requests', () => {
  it('loses no member when PATCHes add different members to one group at once', async () => {
    const members = await Promise.all(Array.from({ length: PARALLEL * 2 }, (_, i) => createUser(`member${i}@parallel`)));
    const group = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Parallel' } });
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        call(`/Groups/${group.body.id}`, {
          method: 'PATCH',
          body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: members[2 * i] }, { value: members[2 * i + 1] }] }] },
        }),
      ),
    );
    expect(statusCounts(responses.map((r) => r.status))).toEqual({ 204: PARALLEL });
    const read = await call(`/Groups/${group.body.id}`);
    expect((read.body.members as { value: string }[]).map((m) => m.value).sort()).toEqual([...members].sort());
    expect(read.body.meta.version).toBe(`W/"${PARALLEL + 1}"`);
    const added = await host.knex('scim_changes').where({ tenant_id: tenant.tenantId, resource_id: group.body.id, type: 'group.member_added' }).count<{ count: string }[]>({ count: '*' });
    expect(Number(added[0]?.count)).toBe(PARALLEL * 2);
  });

  it('creates one user when POSTs with one userName race: one 201, 409 uniqueness for the rest', async () => {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        // Case variants too: userName is unique case-insensitively (RFC 7643 §4.1.1).
        call('/Users', { body: { schemas: [USER], userName: i % 2 === 0 ? 'race@parallel' : 'Race@Parallel', title: `attempt ${i}` } }),
      ),
    );
    expect(statusCounts(responses.map((r) => r.status))).toEqual({ 201: 1, 409: PARALLEL - 1 });
    for (const conflict of responses.filter((r) => r.status === 409)) expect(conflict.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const rows = await host.knex('scim_users').where({ tenant_id: tenant.tenantId, user_name_key: 'race@parallel' });
    expect(rows).toHaveLength(1);
    const created = await host.knex('scim_changes').where({ tenant_id: tenant.tenantId, type: 'user.created', resource_id: rows[0].id });
    expect(created).toHaveLength(1);
  });

  it('serialises parallel PUTs and PATCHes of one user: every write counts once', async () => {
    const id = await createUser('serial@parallel');
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        i % 2 === 0
          ? call(`/Users/${id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: `title ${i}` }] } })
          : call(`/Users/${id}`, { method: 'PUT', body: { schemas: [USER], userName: 'serial@parallel', displayName: `name ${i}` } }),
      ),
    );
    expect(statusCounts(responses.map((r) => r.status))).toEqual({ 200: PARALLEL });
    // Each answer is a distinct version: no two writes read the same revision.
    const versions = responses.map((r) => r.headers.get('etag'));
    expect(new Set(versions).size).toBe(PARALLEL);
    const read = await call(`/Users/${id}`);
    expect(read.body.meta.version).toBe(`W/"${PARALLEL + 1}"`);
    const updates = await host.knex('scim_changes').where({ tenant_id: tenant.tenantId, resource_id: id, type: 'user.updated' });
    expect(updates).toHaveLength(PARALLEL);
  });

  it('lets one of the writes that name the same If-Match version win; the others get 412', async () => {
    const id = await createUser('precondition@parallel');
    const group = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Preconditions' } });
    const userWrites = Array.from({ length: PARALLEL / 2 }, (_, i) =>
      i % 2 === 0
        ? call(`/Users/${id}`, { method: 'PATCH', headers: { 'if-match': 'W/"1"' }, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: `t${i}` }] } })
        : call(`/Users/${id}`, { method: 'PUT', headers: { 'if-match': 'W/"1"' }, body: { schemas: [USER], userName: 'precondition@parallel', title: `t${i}` } }),
    );
    const groupWrites = Array.from({ length: PARALLEL / 2 }, (_, i) =>
      call(`/Groups/${group.body.id}`, { method: 'PATCH', headers: { 'if-match': 'W/"1"' }, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: `Preconditions ${i}` }] } }),
    );
    const users = await Promise.all(userWrites);
    const groups = await Promise.all(groupWrites);
    expect(statusCounts(users.map((r) => r.status))).toEqual({ 200: 1, 412: PARALLEL / 2 - 1 });
    expect(statusCounts(groups.map((r) => r.status))).toEqual({ 204: 1, 412: PARALLEL / 2 - 1 });
    expect((await call(`/Users/${id}`)).body.meta.version).toBe('W/"2"');
    expect((await call(`/Groups/${group.body.id}`)).body.meta.version).toBe('W/"2"');
  });

  it('keeps a member that is added while another request replaces the rest of the list', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => createUser(`${name}@replace-race`)));
    const group = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Replace race', members: [{ value: a }] } });
    const [replace, add] = await Promise.all([
      call(`/Groups/${group.body.id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: [{ value: b }] }] } }),
      call(`/Groups/${group.body.id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: c }] }] } }),
    ]);
    expect([replace.status, add.status]).toEqual([204, 204]);
    // Serialised either way round: b is always there; c survives exactly when the add ran second.
    const members = ((await call(`/Groups/${group.body.id}`)).body.members as { value: string }[]).map((m) => m.value);
    expect(members).toContain(b);
    expect(members).not.toContain(a);
    expect([1, 2]).toContain(members.length);
  });
});
