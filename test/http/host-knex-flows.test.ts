/**
 * The core SCIM flows — create, filter lookup, PUT, PATCH of members, Bulk, cursor paging, delete — over HTTP on a
 * host knex as hosts run it: through PgBouncer in transaction pool mode (each statement or transaction may get
 * another server connection, so nothing may rely on session state such as named prepared statements), and again
 * with the host settings `postProcessResponse` (result keys renamed to camelCase, as objection's
 * knexSnakeCaseMappers and knex-stringcase do) and `wrapIdentifier` (camelCase identifiers to snake_case). Every
 * statement goes through that knex, so its `query` events see the writes too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { CAMEL_CASE_SETTINGS } from '../support/camel-case-knex.js';
import { pgBouncerKnex } from '../support/database.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

const HOST_KNEXES: readonly [string, () => Knex][] = [
  ['through PgBouncer in transaction pool mode', () => pgBouncerKnex()],
  [
    'through PgBouncer with postProcessResponse and wrapIdentifier',
    () => pgBouncerKnex(CAMEL_CASE_SETTINGS),
  ],
];

describe.each(HOST_KNEXES)('SCIM flows on a host knex %s', (_name, open) => {
  let host: TestHost;
  let knex: Knex;
  let tenant: { tenantId: string; token: string; baseUrl: string };
  const statements: string[] = [];
  const onQuery = (query: { sql?: string }) => statements.push(String(query.sql ?? ''));
  const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

  beforeAll(async () => {
    knex = open();
    knex.on('query', onQuery);
    // LISTEN needs a session of its own, which PgBouncer in transaction mode does not give.
    host = await startTestHost({ knex, events: { notify: false } });
    tenant = await host.createTenant('Host knex flows');
  });
  afterAll(async () => {
    await host?.close();
    await knex?.destroy();
  });

  const user = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, emails: [{ value: `${userName}@flows.example`, primary: true }], ...extra });

  it('creates, finds by filter, replaces, patches and deletes a user', async () => {
    statements.length = 0;
    const created = await call('/Users', { body: user('ada', { name: { givenName: 'Ada' } }) });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ userName: 'ada', meta: { version: 'W/"1"' } });
    expect(statements.some((sql) => /insert into scim_users/i.test(sql))).toBe(true);
    const id = created.body.id as string;
    expect((await call('/Users', { body: user('ADA') })).status).toBe(409);

    const found = await call(`/Users?filter=${encodeURIComponent('userName eq "ADA"')}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id, userName: 'ada' }] });
    const byEmail = await call(`/Users?filter=${encodeURIComponent('emails.value eq "ada@flows.example"')}`);
    expect(byEmail.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);

    const replaced = await call(`/Users/${id}`, { method: 'PUT', body: user('ada', { title: 'Countess', emails: [{ value: 'countess@flows.example' }] }) });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body).toMatchObject({ title: 'Countess', meta: { version: 'W/"2"' } });
    expect((await call(`/Users?filter=${encodeURIComponent('emails.value eq "countess@flows.example"')}`)).body.totalResults).toBe(1);
    const unchanged = await call(`/Users/${id}`, { method: 'PUT', body: user('ada', { title: 'Countess', emails: [{ value: 'countess@flows.example' }] }) });
    expect(unchanged.body.meta.version).toBe('W/"2"');

    const patched = await call(`/Users/${id}`, { method: 'PATCH', headers: { 'if-match': 'W/"2"' }, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ active: false, meta: { version: 'W/"3"' } });
    expect((await call(`/Users/${id}`, { method: 'PATCH', headers: { 'if-match': 'W/"2"' }, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'x' }] } })).status).toBe(412);

    expect((await call(`/Users/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/Users/${id}`)).status).toBe(404);
  });

  it('adds and removes group members by PATCH', async () => {
    const ids: string[] = [];
    for (const name of ['m1', 'm2', 'm3']) ids.push((await call('/Users', { body: user(name) })).body.id as string);
    const group = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Flow group', members: [{ value: ids[0] }] } });
    expect(group.status, group.text).toBe(201);
    const groupId = group.body.id as string;
    const add = await call(`/Groups/${groupId}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: ids[1] }, { value: ids[2] }] }] } });
    expect(add.status, add.text).toBe(204);
    const remove = await call(`/Groups/${groupId}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${ids[0]}"]` }] } });
    expect(remove.status, remove.text).toBe(204);
    expect(remove.headers.get('etag')).toBe('W/"3"');
    const read = await call(`/Groups/${groupId}`);
    expect((read.body.members as { value: string }[]).map((m) => m.value).sort()).toEqual([ids[1], ids[2]].sort());
    expect((await call(`/Users/${ids[1]}`)).body.groups).toEqual([expect.objectContaining({ value: groupId, display: 'Flow group' })]);
  });

  it('runs a Bulk request of user creates and a group that refers to them', async () => {
    const operations = [
      ...['b1', 'b2', 'b3'].map((name) => ({ method: 'POST', path: '/Users', bulkId: name, data: user(name) })),
      { method: 'POST', path: '/Users', bulkId: 'dup', data: user('B1') },
      { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [GROUP], displayName: 'Bulk group', members: [{ value: 'bulkId:b1' }, { value: 'bulkId:b2' }] } },
    ];
    const response = await call('/Bulk', { body: { schemas: [BULK], Operations: operations } });
    expect(response.status, response.text).toBe(200);
    expect((response.body.Operations as { status: string }[]).map((o) => o.status)).toEqual(['201', '201', '201', '409', '201']);
    const groupId = (response.body.Operations[4].location as string).split('/').pop();
    expect(((await call(`/Groups/${groupId}`)).body.members as unknown[]).length).toBe(2);
  });

  it('pages users by cursor, forwards and back', async () => {
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) expect((await call('/Users', { body: user(name) })).status).toBe(201);
    const filter = encodeURIComponent('userName sw "p"');
    const first = await call(`/Users?filter=${filter}&sortBy=userName&count=2&cursor=`);
    expect(first.status, first.text).toBe(200);
    expect(first.body.totalResults).toBe(5);
    const second = await call(`/Users?filter=${filter}&sortBy=userName&count=2&cursor=${encodeURIComponent(first.body.nextCursor as string)}`);
    const third = await call(`/Users?filter=${filter}&sortBy=userName&count=2&cursor=${encodeURIComponent(second.body.nextCursor as string)}`);
    const names = [first, second, third].flatMap((page) => (page.body.Resources as { userName: string }[]).map((r) => r.userName));
    expect(names).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(third.body.nextCursor).toBeUndefined();
    const back = await call(`/Users?filter=${filter}&sortBy=userName&count=2&cursor=${encodeURIComponent(second.body.previousCursor as string)}`);
    expect((back.body.Resources as { userName: string }[]).map((r) => r.userName)).toEqual(['p1', 'p2']);
  });
});
