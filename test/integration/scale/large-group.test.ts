/**
 * A group of 100 000 members through the SCIM API on PostgreSQL: membership changes cost what they change, not
 * what the group holds; a GET streams the member list; excludedAttributes=members and User.groups stay cheap;
 * nested groups keep their cycle check. Users and memberships are inserted with generate_series for speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SIZE = 100_000;

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };
let groupId: string;
let spareIds: string[];

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);
const patch = (id: string, operations: unknown[]) => call(`/Groups/${id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: operations } });

/** Inserts `count` users named `<prefix><n>` in one statement; returns their ids in n order. */
async function insertUsers(prefix: string, count: number): Promise<string[]> {
  const result = await host.knex.raw<{ rows: { id: string }[] }>(
    `insert into scim_users (tenant_id, id, user_name, user_name_key, display_name, doc)
     select ?, gen_random_uuid(), ? || g, lower(?) || g, 'Display ' || ? || g,
            jsonb_build_object('schemas', jsonb_build_array(?::text), 'userName', ? || g, 'displayName', 'Display ' || ? || g)
       from generate_series(1, ?) as g
     returning id::text as id`,
    [tenant.tenantId, prefix, prefix, prefix, USER, prefix, prefix, count],
  );
  return result.rows.map((row) => row.id);
}

async function memberCount(): Promise<number> {
  const [row] = await host.knex('scim_memberships').where({ tenant_id: tenant.tenantId, group_id: groupId }).count<{ count: string }[]>({ count: '*' });
  return Number(row?.count);
}

/** Runs `work` and returns the SQL statements it issued. */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const listener = (query: { sql: string }) => statements.push(query.sql);
  host.knex.on('query', listener);
  try {
    await work();
  } finally {
    host.knex.removeListener('query', listener);
  }
  return statements;
}

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Large group');
  const created = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Everyone' } });
  expect(created.status).toBe(201);
  groupId = created.body.id;
  await insertUsers('member', SIZE);
  await host.knex.raw(
    `insert into scim_memberships (tenant_id, group_id, member_id, member_type)
     select tenant_id, ?::uuid, id, 'User' from scim_users where tenant_id = ?`,
    [groupId, tenant.tenantId],
  );
  await host.knex.raw('analyze scim_users, scim_memberships');
  spareIds = await insertUsers('spare', 200);
}, 120_000);
afterAll(() => host?.close());

describe(`a group of ${SIZE} members`, () => {
  it('adds 100 members with one PATCH in a handful of statements', async () => {
    const batch = spareIds.slice(0, 100);
    let status = 0;
    const started = performance.now();
    const statements = await statementsOf(async () => {
      status = (await patch(groupId, [{ op: 'add', path: 'members', value: batch.map((value) => ({ value })) }])).status;
    });
    const ms = performance.now() - started;
    console.info(`PATCH +100 members at ${SIZE}: ${ms.toFixed(1)} ms, ${statements.length} statements`);
    expect(status).toBe(204);
    expect(await memberCount()).toBe(SIZE + 100);
    // Set operations: no statement reads the member list; the count does not grow with the group.
    expect(statements.length).toBeLessThan(15);
    expect(statements.filter((text) => /from "?scim_memberships"?/.test(text) && !/insert|delete/i.test(text))).toEqual([]);
  });

  it('removes one member by value filter and 100 by value list (Entra shape)', async () => {
    const [one, ...rest] = spareIds.slice(0, 101);
    let started = performance.now();
    expect((await patch(groupId, [{ op: 'remove', path: `members[value eq "${one}"]` }])).status).toBe(204);
    console.info(`PATCH remove members[value eq] at ${SIZE}: ${(performance.now() - started).toFixed(1)} ms`);
    started = performance.now();
    expect((await patch(groupId, [{ op: 'remove', path: 'members', value: rest.map((value) => ({ value })) }])).status).toBe(204);
    console.info(`PATCH remove 100 members at ${SIZE}: ${(performance.now() - started).toFixed(1)} ms`);
    expect(await memberCount()).toBe(SIZE);
    const gone = await host.knex('scim_memberships').where({ tenant_id: tenant.tenantId, group_id: groupId }).whereIn('member_id', spareIds.slice(0, 101));
    expect(gone).toEqual([]);
  });

  it('streams a GET of the group with every member, chunked, read in batches', async () => {
    const extra = spareIds.slice(150, 160);
    expect((await patch(groupId, [{ op: 'add', path: 'members', value: extra.map((value) => ({ value })) }])).status).toBe(204);
    const started = performance.now();
    const response = await fetch(`${tenant.baseUrl}/Groups/${groupId}`, { headers: { authorization: `Bearer ${tenant.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.headers.get('etag')).toBe('W/"5"');
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      chunks += 1;
      text += decoder.decode(chunk, { stream: true });
    }
    text += decoder.decode();
    console.info(`GET group of ${SIZE + 10} members: ${(performance.now() - started).toFixed(0)} ms, ${(text.length / 1e6).toFixed(1)} MB in ${chunks} chunks`);
    const body = JSON.parse(text) as { id: string; displayName: string; members: { value: string; display: string; type: string; $ref: string }[]; meta: { version: string } };
    expect(body).toMatchObject({ id: groupId, displayName: 'Everyone', meta: { version: 'W/"5"' } });
    expect(body.members).toHaveLength(SIZE + 10);
    const values = body.members.map((member) => member.value);
    expect(new Set(values).size).toBe(SIZE + 10);
    expect([...values].sort()).toEqual(values);
    for (const id of extra) expect(values).toContain(id);
    expect(body.members[0]).toEqual({ value: values[0], $ref: `${tenant.baseUrl}/Users/${values[0]}`, type: 'User', display: expect.stringMatching(/^Display /) });
    expect(chunks).toBeGreaterThan(10);
  });

  it('holds one batch of members at a time while streaming, not the whole list', async () => {
    // Read the body as it comes without keeping it, sampling the heap: building 100 000 member objects and their
    // 20 MB of JSON at once would raise it by far more than the bound below.
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let bytes = 0;
    const response = await fetch(`${tenant.baseUrl}/Groups/${groupId}`, { headers: { authorization: `Bearer ${tenant.token}` } });
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    console.info(`streamed ${(bytes / 1e6).toFixed(1)} MB; heap peak ${((peak - before) / 1e6).toFixed(1)} MB above the start`);
    expect(bytes).toBeGreaterThan(15e6);
    expect(peak - before).toBeLessThan(40e6);
  });

  it('stops reading members when the client goes away mid-stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${tenant.baseUrl}/Groups/${groupId}`, { headers: { authorization: `Bearer ${tenant.token}` }, signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const statements: string[] = [];
    const listener = (query: { sql: string }) => statements.push(query.sql);
    host.knex.on('query', listener);
    controller.abort();
    await reader.cancel().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    host.knex.removeListener('query', listener);
    // At most the batches already under way when the socket closed, never the rest of the 100 batches.
    expect(statements.filter((text) => text.includes('scim_memberships')).length).toBeLessThan(5);
    expect((await call(`/Groups/${groupId}?excludedAttributes=members`)).status).toBe(200);
  });

  it('projects streamed members by attributes=members.value', async () => {
    const response = await call(`/Groups/${groupId}?attributes=members.value`);
    expect(response.status).toBe(200);
    expect(response.body.members).toHaveLength(SIZE + 10);
    expect(Object.keys(response.body.members[SIZE + 9])).toEqual(['value']);
    expect(response.body.displayName).toBeUndefined();
  });

  it('never reads memberships for excludedAttributes=members, in a GET or a list', async () => {
    const statements = await statementsOf(async () => {
      const single = await call(`/Groups/${groupId}?excludedAttributes=members`);
      expect(single.body.members).toBeUndefined();
      expect(single.text.length).toBeLessThan(2000);
      const list = await call(`/Groups?excludedAttributes=members`);
      expect(list.body.Resources).toHaveLength(1);
    });
    expect(statements.filter((text) => text.includes('scim_memberships'))).toEqual([]);
  });

  it("reads a member's groups with one statement", async () => {
    const member = spareIds[150]!;
    let groups: unknown;
    const statements = await statementsOf(async () => {
      groups = (await call(`/Users/${member}`)).body.groups;
    });
    expect(groups).toEqual([{ value: groupId, $ref: `${tenant.baseUrl}/Groups/${groupId}`, display: 'Everyone', type: 'direct' }]);
    expect(statements.filter((text) => text.includes('scim_memberships'))).toHaveLength(1);
  });

  it('nests the large group and still refuses a cycle through it', async () => {
    const parent = await call('/Groups', { body: { schemas: [GROUP], displayName: 'All staff', members: [{ value: groupId, type: 'Group' }] } });
    expect(parent.status).toBe(201);
    expect(parent.body.members).toEqual([expect.objectContaining({ value: groupId, type: 'Group', display: 'Everyone' })]);
    const started = performance.now();
    const cycle = await patch(groupId, [{ op: 'add', path: 'members', value: [{ value: parent.body.id }] }]);
    console.info(`cycle check adding a group to a group of ${SIZE}: ${(performance.now() - started).toFixed(1)} ms`);
    expect(cycle.status).toBe(400);
    expect(cycle.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('cycle') });
    const child = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Team' } });
    expect((await patch(groupId, [{ op: 'add', path: 'members', value: [{ value: child.body.id }] }])).status).toBe(204);
    expect(await memberCount()).toBe(SIZE + 11);
    const removed = await patch(groupId, [{ op: 'remove', path: 'members[type eq "Group"]' }]);
    expect(removed.status).toBe(204);
    expect(await memberCount()).toBe(SIZE + 10);
  });
});
