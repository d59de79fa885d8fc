/**
 * Admin API of a tenant's OAuth clients: create by name (the secret once, with the client id and token endpoint),
 * list with kind, last use and expiry, rotate one client's secret with an overlap, revoke one client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCIM_PREFIX, scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { basic, tokenRequest } from '../oauth/oauth-fixture.js';
import { AdminClient } from './admin-client.js';

let host: TestHost;
let admin: AdminClient;

beforeAll(async () => {
  host = await startTestHost();
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
});
afterAll(() => host.close());

describe('admin API: OAuth clients', () => {
  it('creates, lists, rotates and revokes clients by name, each on its own', async () => {
    const t = await host.createTenant('Admin OAuth');
    const base = `api/tenants/${t.tenantId}/oauth-clients`;
    const entra = await admin.request(base, { body: { name: 'Entra production' } });
    expect(entra.status).toBe(201);
    expect(entra.body).toMatchObject({ client: { name: 'Entra production', kind: 'oauth_client', state: 'active', lastUsedAt: null }, clientSecret: expect.stringMatching(/^scimdir_/) });
    expect(entra.body.tokenEndpoint).toMatch(new RegExp(`/${t.tenantId}/oauth/token$`));
    const okta = await admin.request(base, { body: { name: 'Okta staging' } });
    const realEndpoint = `${host.origin}${SCIM_PREFIX}/${t.tenantId}/oauth/token`;
    const granted = await tokenRequest(realEndpoint, { grant_type: 'client_credentials' }, { authorization: basic(entra.body.client.clientId, entra.body.clientSecret) });
    expect(granted.status).toBe(200);

    const listed = await admin.request(base);
    expect(listed.body.clients.map((c: { name: string }) => c.name)).toEqual(['Okta staging', 'Entra production']);
    expect(listed.text).not.toContain(entra.body.clientSecret);
    const entraListed = listed.body.clients.find((c: { name: string }) => c.name === 'Entra production');
    expect(Date.parse(entraListed.lastUsedAt)).not.toBeNaN();

    const rotated = await admin.request(`${base}/${entra.body.client.clientId}/rotate`, { body: { expireOldAfterHours: 24 } });
    expect(rotated.status).toBe(201);
    expect(rotated.body.clientSecret).not.toBe(entra.body.clientSecret);
    const afterRotation = (await admin.request(base)).body.clients as { name: string; expiresAt: string | null }[];
    // The old secret's overlap leaves the client with one secret that never expires; the other client is untouched.
    expect(afterRotation.map((c) => [c.name, c.expiresAt])).toEqual([
      ['Okta staging', null],
      ['Entra production', null],
    ]);

    const revoked = await admin.request(`${base}/${okta.body.client.clientId}/revoke`, { method: 'POST' });
    expect(revoked.body.client).toMatchObject({ name: 'Okta staging', state: 'revoked', active: false });
    expect((await scimFetch(`${t.baseUrl}/Users`, granted.body.access_token)).status).toBe(200);
    expect((await admin.request(`${base}/${okta.body.client.clientId}/rotate`, { body: {} })).status).toBe(404);
    expect((await admin.request(`${base}/scimclient_nobody/revoke`, { method: 'POST' })).body.error.field).toBe('clientId');
    expect((await admin.request(base, { body: { name: ' ' } })).body.error.field).toBe('name');
  });
});
