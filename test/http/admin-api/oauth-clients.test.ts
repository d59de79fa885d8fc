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

  it('creates, lists and revokes federation trusts; a JWKS URL on a host not allowed is a 400 naming the field', async () => {
    const t = await host.createTenant('Admin trusts');
    const base = `api/tenants/${t.tenantId}/trusts`;
    const jwks = JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', kid: 'k1' }] });
    const fields = { name: 'CI pipeline', issuer: 'https://ci.example', subject: 'repo:acme/app', audience: 'scim', algorithm: 'ES256' };
    const created = await admin.request(base, { body: { ...fields, jwks } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.trust).toMatchObject({ name: 'CI pipeline', kind: 'federated_trust', state: 'active', clientId: expect.stringMatching(/^scimtrust_/) });
    expect(created.body.tokenEndpoint).toMatch(new RegExp(`/${t.tenantId}/oauth/token$`));
    const refused = await admin.request(base, { body: { ...fields, jwksUrl: 'https://169.254.169.254/keys' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ field: 'jwks', message: expect.stringContaining('not allowed') });
    expect((await admin.request(base, { body: { ...fields, jwks: '{not json' } })).body.error.field).toBe('jwks');
    expect((await admin.request(base, { body: { ...fields, jwks, algorithm: 'HS256' } })).body.error.field).toBe('algorithm');
    expect((await admin.request(base, { body: { ...fields, issuer: '', jwks } })).body.error.field).toBe('issuer');
    expect((await admin.request(base)).body.trusts).toHaveLength(1);
    const revoked = await admin.request(`${base}/${created.body.trust.id}/revoke`, { method: 'POST' });
    expect(revoked.body.trust).toMatchObject({ state: 'revoked', active: false });
    expect((await admin.request(`${base}/scimtrust_nobody/revoke`, { method: 'POST' })).status).toBe(404);
  });
});
