import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createScimDirectory } from '../../lib/directory.js';
import { memoryLogger, scimFetch, startTestHost, SCIM_PREFIX, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Users');
});
afterAll(() => host.close());

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

function newUser(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [USER], userName, name: { givenName: 'Ada', familyName: 'Lovelace' }, emails: [{ value: `${userName}@example.com`, type: 'work', primary: true }], ...extra };
}

describe('POST /Users', () => {
  it('answers 201 with the full user, an absolute Location under the mount prefix and the ETag', async () => {
    const created = await call('/Users', { body: newUser('ada', { [ENTERPRISE]: { department: 'Maths' }, password: 'secret' }) });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    const user = created.body;
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('location')).toBe(`${host.origin}${SCIM_PREFIX}/${tenant.tenantId}/v2/Users/${user.id}`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(user).toMatchObject({
      schemas: expect.arrayContaining([USER, ENTERPRISE]),
      userName: 'ada',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      [ENTERPRISE]: { department: 'Maths' },
      meta: { resourceType: 'User', location: created.headers.get('location'), version: 'W/"1"' },
    });
    expect(user.password).toBeUndefined();
    expect(new Date(user.meta.created).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(user.meta.lastModified).toBe(user.meta.created);
  });

  it('answers 409 uniqueness for a userName taken in any case, and stores nothing', async () => {
    expect((await call('/Users', { body: newUser('grace') })).status).toBe(201);
    const before = await host.knex('scim_users').where({ tenant_id: tenant.tenantId }).count<{ count: string }[]>({ count: '*' });
    const conflict = await call('/Users', { body: newUser('GRACE') });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ status: '409', scimType: 'uniqueness', detail: expect.stringContaining('userName') });
    const after = await host.knex('scim_users').where({ tenant_id: tenant.tenantId }).count<{ count: string }[]>({ count: '*' });
    expect(after).toEqual(before);
  });

  it('answers 400 invalidSyntax for a missing or non-object body', async () => {
    for (const rawBody of ['', '[]', '"text"', '42', 'null']) {
      const response = await call('/Users', { method: 'POST', rawBody });
      expect(response.status, rawBody).toBe(400);
      expect(response.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    }
  });

  it('answers 400 naming the attribute when userName is missing', async () => {
    const response = await call('/Users', { body: { schemas: [USER], displayName: 'No name' } });
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('userName');
  });
});

describe('GET and DELETE /Users/<id>', () => {
  it('reads a user back, projects it, and answers 304 for a current If-None-Match', async () => {
    const { body: created } = await call('/Users', { body: newUser('linus', { title: 'Engineer' }) });
    const read = await call(`/Users/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);
    const projected = await call(`/Users/${created.id}?attributes=userName`);
    expect(projected.body).toEqual({ schemas: created.schemas, id: created.id, userName: 'linus' });
    const excluded = await call(`/Users/${created.id}?excludedAttributes=title,emails`);
    expect(excluded.body.title).toBeUndefined();
    expect(excluded.body.emails).toBeUndefined();
    expect(excluded.body.userName).toBe('linus');
    const cached = await call(`/Users/${created.id}`, { headers: { 'if-none-match': 'W/"1"' } });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe('');
    expect((await call(`/Users/${created.id}`, { headers: { 'if-none-match': 'W/"7"' } })).status).toBe(200);
  });

  it('deletes with 204, then answers 404', async () => {
    const { body: created } = await call('/Users', { body: newUser('temp') });
    const deleted = await call(`/Users/${created.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const gone = await call(`/Users/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: expect.stringContaining(created.id) });
    expect((await call(`/Users/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    // The userName is free again.
    expect((await call('/Users', { body: newUser('temp') })).status).toBe(201);
  });

  it('answers 404 for ids that are not UUIDs, never a database error', async () => {
    for (const id of ["1'%20or%20'1'='1", 'abc', '00000000-0000-0000-0000-00000000000g', '%00']) {
      const response = await call(`/Users/${id}`);
      expect(response.status, id).toBe(404);
      expect(response.body.status).toBe('404');
    }
  });
});

describe('behind a reverse proxy', () => {
  it('builds Location and meta.location from the publicUrl option', async () => {
    const proxied = await startTestHost({ publicUrl: 'https://idp.example.com/scim/' });
    try {
      const t = await proxied.createTenant('Proxied');
      const created = await scimFetch(`${t.baseUrl}/Users`, t.token, { body: newUser('proxied') });
      const expected = `https://idp.example.com/scim/${t.tenantId}/v2/Users/${created.body.id}`;
      expect(created.headers.get('location')).toBe(expected);
      expect(created.body.meta.location).toBe(expected);
    } finally {
      await proxied.close();
    }
  });

  it('takes the scheme from X-Forwarded-Proto only when the host app trusts the proxy', async () => {
    const app = express();
    app.set('trust proxy', 'loopback');
    const directory = createScimDirectory({ knex: host.knex, logger: memoryLogger() });
    app.use('/scim', directory.scimRouter);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const { tenant, credential } = await directory.tenants.create('Forwarded');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/${tenant.id}/v2`;
      const forwarded = await scimFetch(`${base}/Users`, credential.token, { body: newUser('forwarded'), headers: { 'x-forwarded-proto': 'https' } });
      expect(forwarded.headers.get('location')).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:\\d+/scim/${tenant.id}/v2/Users/`));
      const direct = await scimFetch(`${base}/Users`, credential.token, { body: newUser('direct') });
      expect(direct.body.meta.location).toMatch(/^http:\/\//);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await directory.close();
    }
    // Not trusted (the test host sets no trust proxy): the header is ignored.
    const t = await host.createTenant('Untrusted');
    const untrusted = await scimFetch(`${t.baseUrl}/Users`, t.token, { body: newUser('untrusted'), headers: { 'x-forwarded-proto': 'https' } });
    expect(untrusted.headers.get('location')).toMatch(/^http:\/\//);
  });
});
