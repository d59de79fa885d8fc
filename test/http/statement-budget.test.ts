/**
 * The SQL statements the hot requests of an identity provider cost, counted over HTTP: statements (round trips to
 * PostgreSQL) are what bounds their throughput (bench/README.md), so each has a budget. Background writers (event
 * log, credential last-used times, hourly request counters, change wake-ups) are not part of a request and are not
 * counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BACKGROUND = /scim_event_log|scim_credentials|scim_request_counts|pg_notify/;

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };
const statements: string[] = [];
const onQuery = (query: { sql?: string }) => {
  const sql = String(query.sql ?? '');
  if (!BACKGROUND.test(sql)) statements.push(sql);
};

beforeAll(async () => {
  // A token verification cached for the whole test, so no request pays for one.
  host = await startTestHost({ verificationCacheMs: 600_000, events: { notify: false } });
  tenant = await host.createTenant('Statement budget');
  host.knex.on('query', onQuery);
});
afterAll(async () => {
  host?.knex.off('query', onQuery);
  await host?.close();
});

/** Sends a request and returns its response and the statements it issued. */
async function counted(path: string, init: Parameters<typeof scimFetch>[2] = {}) {
  await scimFetch(`${tenant.baseUrl}/ServiceProviderConfig`, tenant.token); // no statements: warms the path
  statements.length = 0;
  const response = await scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);
  return { response, sql: [...statements] };
}

const user = (userName: string, title: string) => ({
  schemas: [USER],
  userName,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  title,
  emails: [{ value: userName, type: 'work', primary: true }],
});

describe('statements per request', () => {
  let id = '';
  let groupId = '';

  it('POST /Users is one statement (user, emails and change row together)', async () => {
    const { response, sql } = await counted('/Users', { body: user('ada@budget.example', 'Countess') });
    expect(response.status).toBe(201);
    id = response.body.id as string;
    expect(sql).toHaveLength(1);
  });

  it('a userName eq lookup is one statement (no count, groups in the page statement)', async () => {
    const group = await scimFetch(`${tenant.baseUrl}/Groups`, tenant.token, { body: { schemas: [GROUP], displayName: 'Budget', members: [{ value: id }] } });
    groupId = group.body.id as string;
    const { response, sql } = await counted(`/Users?filter=${encodeURIComponent('userName eq "ADA@budget.example"')}`);
    expect(response.body).toMatchObject({ totalResults: 1, Resources: [{ id, groups: [{ value: groupId, display: 'Budget' }] }] });
    expect(sql).toHaveLength(1);
  });

  it('GET /Users/<id> is one statement with its groups', async () => {
    const { response, sql } = await counted(`/Users/${id}`);
    expect(response.body.groups).toEqual([expect.objectContaining({ value: groupId })]);
    expect(sql).toHaveLength(1);
  });

  it('a PUT of a user is one statement; with If-Match and for a PATCH a read and one write (document, emails and change rows together); a changed email costs the PUT both', async () => {
    const put = await counted(`/Users/${id}`, { method: 'PUT', body: user('ada@budget.example', 'Analyst') });
    expect(put.response.status).toBe(200);
    expect(put.response.body).toMatchObject({ title: 'Analyst', meta: { version: 'W/"2"' }, groups: [expect.objectContaining({ value: groupId })] });
    expect(put.sql).toHaveLength(1);
    const moved = await counted(`/Users/${id}`, { method: 'PUT', body: { ...user('ada@budget.example', 'Analyst'), emails: [{ value: 'ada@moved.example', type: 'work' }] } });
    expect(moved.response.body).toMatchObject({ emails: [{ value: 'ada@moved.example' }], meta: { version: 'W/"3"' } });
    expect(moved.sql).toHaveLength(3);
    const back = await counted(`/Users/${id}`, { method: 'PUT', body: user('ada@budget.example', 'Analyst') });
    expect(back.response.body).toMatchObject({ meta: { version: 'W/"4"' } });
    expect(back.sql).toHaveLength(3);
    const found = await counted(`/Users?filter=${encodeURIComponent('emails.value eq "ada@budget.example"')}`);
    expect(found.response.body).toMatchObject({ totalResults: 1 });
    const conditional = await counted(`/Users/${id}`, { method: 'PUT', headers: { 'if-match': 'W/"4"' }, body: user('ada@budget.example', 'Lead') });
    expect(conditional.response.status).toBe(200);
    expect(conditional.response.body).toMatchObject({ title: 'Lead', meta: { version: 'W/"5"' } });
    expect(conditional.sql).toHaveLength(2);
    const patch = await counted(`/Users/${id}`, {
      method: 'PATCH',
      headers: { 'if-match': 'W/"5"' },
      body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] },
    });
    expect(patch.response.status).toBe(200);
    expect(patch.response.body).toMatchObject({ active: false, meta: { version: 'W/"6"' } });
    expect(patch.sql).toHaveLength(2);
  });

  it('removing a member by members[value eq] is one transaction: its statement timeout, the lock that moves the version, and the delete with its change rows', async () => {
    const { response, sql } = await counted(`/Groups/${groupId}`, {
      method: 'PATCH',
      body: { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }] },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('etag')).toBe('W/"2"');
    expect(sql).toHaveLength(5);
    expect(sql[0]).toMatch(/^BEGIN/);
    // PostgreSQL's own bound on the transaction's statements (statement-limits.ts): safe behind PgBouncer.
    expect(sql[1]).toMatch(/^set local statement_timeout = \d+$/);
    expect((await scimFetch(`${tenant.baseUrl}/Groups/${groupId}`, tenant.token)).body.members).toBeUndefined();
  });

  it('in a tenant that maps groups to roles, a member change of a group carrying no role costs one statement more: the walk up to a mapped group', async () => {
    const mapped = await host.createTenant('Statement budget, mapped');
    const named = (await host.directory.tenants.get(mapped.tenantId))!;
    await host.directory.declaredValues.put(named, 'roles', { value: 'Admin' });
    const post = (path: string, body: unknown) => scimFetch(`${mapped.baseUrl}${path}`, mapped.token, { body });
    const member = (await post('/Users', user('grace@budget.example', 'Engineer'))).body.id as string;
    const carrying = (await post('/Groups', { schemas: [GROUP], displayName: 'Carrying' })).body.id as string;
    await host.directory.roleMappings.add(named, carrying, 'Admin');
    const plain = (await post('/Groups', { schemas: [GROUP], displayName: 'Plain', members: [{ value: member }] })).body.id as string;
    await scimFetch(`${mapped.baseUrl}/ServiceProviderConfig`, mapped.token);
    statements.length = 0;
    const response = await scimFetch(`${mapped.baseUrl}/Groups/${plain}`, mapped.token, {
      method: 'PATCH',
      body: { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${member}"]` }] },
    });
    expect(response.status).toBe(204);
    // The request's own statements: its transaction and what touches groups, members and mappings.
    const own = statements.filter((sql) => /^(BEGIN|COMMIT)|statement_timeout|scim_groups|scim_memberships|scim_group_role_mappings/.test(sql));
    expect(own, statements.join('\n')).toHaveLength(6);
    expect(statements.filter((sql) => sql.includes('scim_group_role_mappings'))).toHaveLength(2);
  });
});
