/**
 * A lone surrogate (`"\ud800"` escaped in JSON) or a NUL (`"\u0000"`) is valid JSON but text PostgreSQL cannot
 * store: every way in — create, replace, PATCH, Bulk, filters — answers 400 invalidValue naming the attribute,
 * and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const MESSAGE = 'contains a character that cannot be stored';

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };
let userId: string;
let groupId: string;

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Unstorable text');
  userId = (await call('/Users', { body: { schemas: [USER], userName: 'kept' } })).body.id;
  groupId = (await call('/Groups', { body: { schemas: [GROUP], displayName: 'kept group' } })).body.id;
});
afterAll(() => host.close());

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

/** The JSON text of `value` with the escape `escape` (e.g. `\\ud800`) placed where `@@` stands in its strings. */
const raw = (value: unknown, escape: string) => JSON.stringify(value).replaceAll('@@', escape);

describe.each(['\\ud800', '\\udc00', '\\u0000'])('text with %s', (escape) => {
  it('in a create names the attribute', async () => {
    const response = await call('/Users', { rawBody: raw({ schemas: [USER], userName: 'new', name: { givenName: 'a@@' } }, escape) });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'invalidValue', detail: `Attribute 'name.givenName' ${MESSAGE} (a NUL character or a lone UTF-16 surrogate)` });
  });

  it('in a userName or displayName names it', async () => {
    const user = await call('/Users', { rawBody: raw({ schemas: [USER], userName: '@@' }, escape) });
    expect(user.body).toMatchObject({ status: '400', scimType: 'invalidValue', detail: expect.stringContaining("'userName'") });
    const group = await call('/Groups', { rawBody: raw({ schemas: [GROUP], displayName: 'g@@' }, escape) });
    expect(group.body).toMatchObject({ status: '400', scimType: 'invalidValue', detail: expect.stringContaining("'displayName'") });
  });

  it('in a replace names the attribute', async () => {
    const response = await call(`/Users/${userId}`, { method: 'PUT', rawBody: raw({ schemas: [USER], userName: 'kept', emails: [{ value: 'x@example.com', display: '@@' }] }, escape) });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining("'emails[0].display'") });
  });

  it('in a PATCH value names the operation and the attribute, for users and groups', async () => {
    const user = await call(`/Users/${userId}`, { method: 'PATCH', rawBody: raw({ schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: '@@' }] }, escape) });
    expect(user.status).toBe(400);
    expect(user.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringMatching(/^Operations\[0\] .*'title'/) });
    const group = await call(`/Groups/${groupId}`, { method: 'PATCH', rawBody: raw({ schemas: [PATCH], Operations: [{ op: 'replace', value: { displayName: '@@' } }] }, escape) });
    expect(group.status).toBe(400);
    expect(group.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('displayName') });
    const member = await call(`/Groups/${groupId}`, { method: 'PATCH', rawBody: raw({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: '@@' }] }] }, escape) });
    expect(member.status).toBe(400);
  });

  it('in a Bulk operation fails that operation with the same error', async () => {
    const response = await call('/Bulk', {
      rawBody: raw({ schemas: [BULK], Operations: [{ method: 'POST', path: '/Users', bulkId: 'b1', data: { schemas: [USER], userName: 'bulk', nickName: '@@' } }] }, escape),
    });
    expect(response.status).toBe(200);
    const [operation] = response.body.Operations;
    expect(operation.status).toBe('400');
    expect(operation.response).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining("'nickName'") });
  });

  it('in a filter value names the attribute, in a query and in .search', async () => {
    const filter = `userName eq "x${escape}"`;
    const query = await call(`/Users?filter=${encodeURIComponent(filter)}`);
    expect(query.status).toBe(400);
    expect(query.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('"userName"') });
    const search = await call('/Users/.search', { body: { schemas: [SEARCH], filter: `emails[type eq "work"].value eq "x${escape}"` } });
    expect(search.status).toBe(400);
    expect(search.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('"value"') });
  });
});

describe('afterwards', () => {
  it('nothing was written', async () => {
    const users = await call('/Users');
    expect(users.body.totalResults).toBe(1);
    const user = await call(`/Users/${userId}`);
    expect(user.body).not.toHaveProperty('title');
    expect(user.body).not.toHaveProperty('emails');
  });
});
