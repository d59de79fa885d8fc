/**
 * The directory option `preparedStatements` over HTTP: by default a create, a userName lookup and a replace run as
 * prepared statements on PostgreSQL, statements inside a transaction never do, and `false` turns them off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe.each([
  ['default', {}, true],
  ['preparedStatements: false', { preparedStatements: false }, false],
] as const)('prepared statements (%s)', (_name, options, prepared) => {
  let host: TestHost;
  let tenant: { tenantId: string; token: string; baseUrl: string };
  const sent: { sql: string; name: string | undefined }[] = [];
  const onQuery = (query: { sql?: string; options?: { name?: string } }) => sent.push({ sql: String(query.sql ?? ''), name: query.options?.name });
  const call = async (path: string, init: Parameters<typeof scimFetch>[2] = {}) => {
    sent.length = 0;
    return scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);
  };
  const namedOf = (pattern: RegExp) => sent.filter(({ sql }) => pattern.test(sql)).map(({ name }) => name !== undefined);

  beforeAll(async () => {
    host = await startTestHost({ events: { notify: false }, ...options });
    tenant = await host.createTenant(`Prepared ${_name}`);
    host.knex.on('query', onQuery);
  });
  afterAll(async () => {
    host?.knex.off('query', onQuery);
    await host?.close();
  });

  it('a create, a userName lookup and a replace', async () => {
    const body = { schemas: [USER], userName: 'ada@prepared.example', emails: [{ value: 'ada@prepared.example' }] };
    const created = await call('/Users', { body });
    expect(created.status, created.text).toBe(201);
    expect(namedOf(/insert into scim_users/i)).toEqual([prepared]);
    const found = await call(`/Users?filter=${encodeURIComponent('userName eq "ADA@prepared.example"')}`);
    expect(found.body.totalResults).toBe(1);
    expect(namedOf(/from scim_users/i)).toEqual([prepared]);
    const replaced = await call(`/Users/${created.body.id}`, { method: 'PUT', body: { ...body, title: 'Countess' } });
    expect(replaced.body).toMatchObject({ title: 'Countess', meta: { version: 'W/"2"' } });
    expect(namedOf(/update scim_users/i)).toEqual([prepared]);
  });

  it('never inside a transaction', async () => {
    const group = await call('/Groups', { body: { schemas: [GROUP], displayName: `Prepared ${_name}` } });
    expect(group.status, group.text).toBe(201);
    const user = await call('/Users', { body: { schemas: [USER], userName: 'member@prepared.example' } });
    const patched = await call(`/Groups/${group.body.id}`, {
      method: 'PATCH',
      body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: user.body.id }] }] },
    });
    expect(patched.status, patched.text).toBeLessThan(300);
    expect(sent.some(({ sql }) => /^begin/i.test(sql))).toBe(true);
    expect(sent.filter(({ name }) => name !== undefined)).toEqual([]);
  });
});
