/**
 * Hostile and malformed input: every request gets a SCIM error with a 4xx status (never a 5xx, never a database
 * error), and nothing in the tenant's tables changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const TABLES = ['scim_users', 'scim_user_emails', 'scim_groups', 'scim_memberships', 'scim_changes'] as const;

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };
let userId: string;
let groupId: string;

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Hostile');
  userId = (await call('/Users', { body: { schemas: [USER], userName: 'victim', emails: [{ value: 'victim@example.com' }] } })).body.id;
  groupId = (await call('/Groups', { body: { schemas: [GROUP], displayName: 'targets', members: [{ value: userId }] } })).body.id;
});
afterAll(() => host.close());

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await host.knex(table).where({ tenant_id: host.knex.raw('?', [tenant.tenantId]) }).count<{ count: string }[]>({ count: '*' });
    out[table] = Number(row?.count);
  }
  return out;
}

const nested = (depth: number) => `${'('.repeat(depth)}userName eq "x"${')'.repeat(depth)}`;
const q = (text: string) => encodeURIComponent(text);
const patchOps = (operations: unknown) => ({ method: 'PATCH', body: { schemas: [PATCH], Operations: operations } });

type Case = readonly [name: string, path: () => string, init: () => Parameters<typeof scimFetch>[2]];

const cases: Case[] = [
  // Filters
  ['SQL in an unquoted filter value', () => `/Users?filter=${q("userName eq x' or '1'='1")}`, () => ({})],
  ['filter ending in a SQL comment', () => `/Users?filter=${q('userName eq "x" --')}`, () => ({})],
  ['filter with a statement separator', () => `/Users?filter=${q('userName eq "x"; drop table scim_users')}`, () => ({})],
  ['filter nested 2 000 deep', () => `/Users?filter=${q(nested(2000))}`, () => ({})],
  ['filter nested 50 000 deep in .search', () => `/Users/.search`, () => ({ body: { schemas: [SEARCH], filter: nested(50_000) } })],
  ['filter of 20 000 characters', () => `/Users/.search`, () => ({ body: { schemas: [SEARCH], filter: `userName eq "${'a'.repeat(20_000)}"` } })],
  ['unbalanced value path', () => `/Users?filter=${q('emails[value eq "a"]]')}`, () => ({})],
  ['huge number in a filter', () => `/Users?filter=${q('active eq 1e999999')}`, () => ({})],
  ['malformed date in a filter', () => `/Users?filter=${q('meta.lastModified gt "yesterday; drop"')}`, () => ({})],
  ['unknown attribute with SQL', () => `/Users?filter=${q('"userName" eq "x"')}`, () => ({})],
  ['JSON-path-looking attribute', () => `/Users?filter=${q("doc->>'userName' eq \"x\"")}`, () => ({})],
  ['filter on the members of users', () => `/Users?filter=${q('members.value eq "x"')}`, () => ({})],
  ['filter as an object in .search', () => `/Users/.search`, () => ({ body: { schemas: [SEARCH], filter: { userName: 'x' } } })],
  // Other list parameters
  ['SQL in sortBy', () => `/Users?sortBy=${q('userName; drop table scim_users')}`, () => ({})],
  ['sortBy naming a JSON path', () => `/Users?sortBy=${q("doc->'x'")}`, () => ({})],
  ['startIndex that is not a number', () => `/Users?startIndex=${q("1' or 1=1")}`, () => ({})],
  ['count beyond any integer', () => `/Users?count=1e309`, () => ({})],
  ['count as an array in .search', () => `/Users/.search`, () => ({ body: { schemas: [SEARCH], count: [1, 2] } })],
  ['attributes that are not attribute names', () => `/Users?attributes=${q("userName,a.b.c; drop")}`, () => ({})],
  ['excludedAttributes as an object in .search', () => `/Groups/.search`, () => ({ body: { schemas: [SEARCH], excludedAttributes: { members: true } } })],
  // Ids
  ['SQL in an id', () => `/Users/${q("' or 1=1 --")}`, () => ({})],
  ['id of 10 000 characters', () => `/Users/${'a'.repeat(10_000)}`, () => ({})],
  ['NUL in an id', () => `/Users/%00`, () => ({})],
  ['SQL in an id on DELETE', () => `/Users/${q("x'; delete from scim_users; --")}`, () => ({ method: 'DELETE' })],
  ['SQL in an id on PUT', () => `/Groups/${q("x' or 'a'='a")}`, () => ({ method: 'PUT', body: { schemas: [GROUP], displayName: 'x' } })],
  ['SQL in a schema URN', () => `/Schemas/${q("urn:x' or '1'='1")}`, () => ({})],
  // Bodies
  ['array body on POST', () => '/Users', () => ({ body: [{ schemas: [USER], userName: 'arr' }] })],
  ['string body on POST', () => '/Users', () => ({ body: 'userName' })],
  ['malformed JSON', () => '/Users', () => ({ rawBody: '{"schemas": [' })],
  ['text/plain body', () => '/Users', () => ({ rawBody: 'userName=x', headers: { 'content-type': 'text/plain' } })],
  ['userName as an array', () => '/Users', () => ({ body: { schemas: [USER], userName: ['a', 'b'] } })],
  ['userName as an object', () => '/Users', () => ({ body: { schemas: [USER], userName: { $ne: null } } })],
  ['userName as a huge number', () => '/Users', () => ({ rawBody: `{"schemas":["${USER}"],"userName":1e400}` })],
  ['active as a string', () => '/Users', () => ({ body: { schemas: [USER], userName: 'typed', active: 'yes please' } })],
  ['schemas as a string', () => '/Users', () => ({ body: { schemas: USER, userName: 'schemas' } })],
  ['schemas missing the core URN', () => '/Users', () => ({ body: { schemas: ["urn:x' or 1=1"], userName: 'nourn' } })],
  ['emails as a number', () => '/Users', () => ({ body: { schemas: [USER], userName: 'emails', emails: 42 } })],
  ['NUL in a string', () => '/Users', () => ({ body: { schemas: [USER], userName: 'nul', title: 'a\u0000b' } })],
  ['incompressible giant userName', () => '/Users', () => ({ body: { schemas: [USER], userName: randomBytes(300_000).toString('base64') } })],
  ['deeply nested JSON', () => '/Users', () => ({ rawBody: `{"schemas":["${USER}"],"userName":"deep","name":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}` })],
  ['deeply nested PATCH value', () => `/Users/${userId}`, () => ({ method: 'PATCH', rawBody: `{"schemas":["${PATCH}"],"Operations":[{"op":"add","value":${'['.repeat(5000)}${']'.repeat(5000)}}]}` })],
  ['duplicate userName in another case', () => '/Users', () => ({ body: { schemas: [USER], userName: 'VICTIM' } })],
  ['member id with SQL', () => '/Groups', () => ({ body: { schemas: [GROUP], displayName: 'sql', members: [{ value: "'); delete from scim_memberships; --" }] } })],
  ['member as a string', () => '/Groups', () => ({ body: { schemas: [GROUP], displayName: 'strmember', members: ['abc'] } })],
  ['group as its own member on PUT', () => `/Groups/${groupId}`, () => ({ method: 'PUT', body: { schemas: [GROUP], displayName: 'targets', members: [{ value: groupId }] } })],
  // PATCH
  ['Operations as an object', () => `/Users/${userId}`, () => patchOps({ op: 'replace', path: 'title', value: 'x' })],
  ['unknown op', () => `/Users/${userId}`, () => patchOps([{ op: 'drop', path: 'title' }])],
  ['path with SQL', () => `/Users/${userId}`, () => patchOps([{ op: 'replace', path: "title'; drop table scim_users; --", value: 'x' }])],
  ['path with a nested filter 5 000 deep', () => `/Users/${userId}`, () => patchOps([{ op: 'remove', path: `emails[${nested(5000).replaceAll('userName', 'value')}]` }])],
  ['path as a number', () => `/Users/${userId}`, () => patchOps([{ op: 'remove', path: 42 }])],
  ['value of the wrong type', () => `/Users/${userId}`, () => patchOps([{ op: 'replace', path: 'active', value: { not: 'boolean' } }])],
  ['write to id', () => `/Users/${userId}`, () => patchOps([{ op: 'replace', path: 'id', value: 'mine' }])],
  ['write to meta', () => `/Users/${userId}`, () => patchOps([{ op: 'replace', path: 'meta.version', value: 'W/"1"' }])],
  ['removing userName', () => `/Users/${userId}`, () => patchOps([{ op: 'remove', path: 'userName' }])],
  ['good op then bad op', () => `/Users/${userId}`, () => patchOps([{ op: 'replace', path: 'title', value: 'changed' }, { op: 'replace', path: 'nope', value: 1 }])],
  ['member of another tenant', () => `/Groups/${groupId}`, () => patchOps([{ op: 'add', path: 'members', value: [{ value: '6b1d3c8e-0000-4000-8000-000000000000' }] }])],
  ['member value as an array of ids', () => `/Groups/${groupId}`, () => patchOps([{ op: 'add', path: 'members', value: [{ value: [userId, groupId] }] }])],
  ['member value as an object', () => `/Groups/${groupId}`, () => patchOps([{ op: 'add', path: 'members', value: [{ value: { $gt: '' } }] }])],
  ['stale If-Match with SQL', () => `/Users/${userId}`, () => ({ ...patchOps([{ op: 'replace', path: 'title', value: 'x' }]), headers: { 'if-match': `W/"1' or '1'='1"` } })],
];

describe('hostile input', () => {
  it.each(cases)('%s → 4xx SCIM error, nothing changed', async (_name, path, init) => {
    const before = await counts();
    const response = await call(path(), init());
    expect(response.status, response.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(response.status),
      detail: expect.any(String),
    });
    expect(response.body.detail).not.toMatch(/syntax error at or near|relation "|violates|pg_|knex/i);
    expect(await counts()).toEqual(before);
  });

  it('ignores an unknown attribute: the user is created without it', async () => {
    const response = await call('/Users', { body: { schemas: [USER], userName: 'unknown-attr', isAdmin: true } });
    expect(response.status).toBe(201);
    expect(response.body.isAdmin).toBeUndefined();
    const row = await host.knex('scim_users').where({ tenant_id: tenant.tenantId, id: response.body.id }).first();
    expect(row.doc.isAdmin).toBeUndefined();
  });

  it('never lets a __proto__ key reach an object prototype or the stored document', async () => {
    const response = await call('/Users', { rawBody: `{"schemas":["${USER}"],"userName":"proto","__proto__":{"admin":true}}` });
    expect(response.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    if (response.status === 201) {
      expect(response.body.admin).toBeUndefined();
      const row = await host.knex('scim_users').where({ tenant_id: tenant.tenantId, id: response.body.id }).first();
      expect(JSON.stringify(row.doc)).not.toContain('admin');
      expect((await call(`/Users/${response.body.id}`, { method: 'DELETE' })).status).toBe(204);
    }
  });

  it('leaves the victim exactly as it was', async () => {
    const user = await call(`/Users/${userId}`);
    expect(user.body).toMatchObject({ userName: 'victim', meta: { version: 'W/"1"' } });
    expect(user.body.title).toBeUndefined();
    const group = await call(`/Groups/${groupId}`);
    expect(group.body).toMatchObject({ displayName: 'targets', members: [{ value: userId }], meta: { version: 'W/"1"' } });
  });

  it('treats SQL metacharacters in well-formed filter values as plain data', async () => {
    for (const value of ["' or '1'='1", '"; drop table scim_users; --', '%', '_', '\\', "x') union select * from scim_credentials --"]) {
      const response = await call(`/Users?filter=${q(`userName eq ${JSON.stringify(value)} or userName co ${JSON.stringify(value)}`)}`);
      expect(response.status, value).toBe(200);
      expect(response.body.totalResults, value).toBe(0);
    }
    expect((await call(`/Users?filter=${q('userName sw "vic"')}`)).body.totalResults).toBe(1);
  });
});

describe('body limits', () => {
  const RESOURCE_LIMIT = 128 * 1024;
  const userOf = (userName: string, padding: number) => ({ schemas: [USER], userName, nickName: 'n'.repeat(padding) });

  it('refuses a request other than Bulk over resourceBodyLimit with 413 naming the limit, before any change', async () => {
    const before = await counts();
    for (const [path, init] of [
      ['/Users', { body: userOf('too-large', RESOURCE_LIMIT) }],
      [`/Users/${userId}`, patchOps([{ op: 'replace', path: 'nickName', value: 'n'.repeat(RESOURCE_LIMIT) }])],
      [`/Groups/${groupId}`, { method: 'PUT', body: { schemas: [GROUP], displayName: 'targets', members: Array.from({ length: 3000 }, () => ({ value: userId })) } }],
    ] as const) {
      const response = await call(path, init);
      expect(response.status, path).toBe(413);
      expect(response.body.scimType, path).toBeUndefined();
      expect(response.body.detail, path).toContain(`${RESOURCE_LIMIT} bytes`);
      expect(response.body.detail, path).toContain('resourceBodyLimit');
    }
    expect(await counts()).toEqual(before);
  });

  it('takes a request other than Bulk just under resourceBodyLimit', async () => {
    const response = await call('/Users', { body: userOf('just-fits', RESOURCE_LIMIT - 200) });
    expect(response.status, response.text.slice(0, 300)).toBe(201);
    expect((await call(`/Users/${response.body.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('takes a Bulk request larger than resourceBodyLimit (Bulk keeps bodyLimit, its maxPayloadSize)', async () => {
    const Operations = [{ method: 'POST', path: '/Users', bulkId: 'big', data: userOf('bulk-big', 2 * RESOURCE_LIMIT) }];
    const response = await call('/Bulk', { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations } });
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    expect(response.body.Operations[0].status).toBe('201');
    const id = String(response.body.Operations[0].location).split('/').pop();
    expect((await call(`/Users/${id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses a body other than Bulk of more than 20 000 arrays and objects with 400 invalidSyntax naming the limit', async () => {
    const noise = (count: number) => `{"schemas":["${USER}"],"userName":"noisy","x-noise":[${Array.from({ length: count }, () => '{}').join(',')}]}`;
    const refused = await call('/Users', { rawBody: noise(20_000) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ scimType: 'invalidSyntax', detail: expect.stringContaining('more than 20000 arrays and objects') });
    const taken = await call('/Users', { rawBody: noise(20_000 - 3) });
    expect(taken.status, taken.text.slice(0, 300)).toBe(201);
    expect((await call(`/Users/${taken.body.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses a Bulk body nested past the cap before parsing it, with 400 invalidSyntax', async () => {
    const rawBody = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":${'['.repeat(70)}${']'.repeat(70)}}`;
    const response = await call('/Bulk', { rawBody });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'invalidSyntax', detail: expect.stringContaining('64 levels') });
  });
});
