/**
 * The audit trail of a tenant's OAuth clients and federation trusts: creation, secret rotation and revocation are
 * recorded with who did them, naming the client or trust by id and name and never holding a secret or access token;
 * a token grant is not administration and records nothing, nor does a refused revocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCIM_PREFIX, startTestHost, type TestHost } from '../../support/http-host.js';
import { basic, tokenRequest } from '../oauth/oauth-fixture.js';
import { AdminClient } from './admin-client.js';

const PRINCIPAL_HEADER = 'x-test-admin';
const JWKS = JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', kid: 'k1' }] });

let host: TestHost;
let admin: AdminClient;

beforeAll(async () => {
  host = await startTestHost({ auditPrincipal: (req) => req.get(PRINCIPAL_HEADER) });
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
});
afterAll(() => host.close());

const as = (name: string): { headers: Record<string, string> } => ({ headers: { [PRINCIPAL_HEADER]: name } });

async function trail(tenantId: string): Promise<any[]> {
  const answer = await admin.request(`api/audit?tenantId=${tenantId}&count=200`);
  expect(answer.status).toBe(200);
  return answer.body.items;
}

describe('audit trail of OAuth clients and federation trusts', () => {
  it('records client create, rotate and revoke and trust create and revoke, by id and name, without secrets', async () => {
    const { tenantId } = await host.createTenant('Federated');
    const clients = `api/tenants/${tenantId}/oauth-clients`;
    const created = await admin.request(clients, { body: { name: 'Entra production' }, ...as('ada@example.com') });
    expect(created.status).toBe(201);
    const clientId: string = created.body.client.clientId;
    const granted = await tokenRequest(`${host.origin}${SCIM_PREFIX}/${tenantId}/oauth/token`, { grant_type: 'client_credentials' }, { authorization: basic(clientId, created.body.clientSecret) });
    expect(granted.status).toBe(200);
    const rotated = await admin.request(`${clients}/${clientId}/rotate`, { body: { expireOldAfterHours: 1 }, ...as('ada@example.com') });
    expect(rotated.status).toBe(201);
    expect((await admin.request(`${clients}/${clientId}/revoke`, { method: 'POST', ...as('bob@example.com') })).status).toBe(200);
    expect((await admin.request(`${clients}/scimclient_nobody/revoke`, { method: 'POST', ...as('bob@example.com') })).status).toBe(404);

    const trusts = `api/tenants/${tenantId}/trusts`;
    const fields = { name: 'CI pipeline', issuer: 'https://ci.example', subject: 'repo:acme/app', audience: 'scim', algorithm: 'ES256' };
    const trust = await admin.request(trusts, { body: { ...fields, jwks: JWKS }, ...as('carol@example.com') });
    expect(trust.status, trust.text).toBe(201);
    expect((await admin.request(trusts, { body: { ...fields, jwksUrl: 'https://169.254.169.254/keys' }, ...as('carol@example.com') })).status).toBe(400);
    const trustId: string = trust.body.trust.id;
    expect((await admin.request(`${trusts}/${trustId}/revoke`, { method: 'POST', ...as('carol@example.com') })).status).toBe(200);
    expect((await admin.request(`${trusts}/scimtrust_nobody/revoke`, { method: 'POST', ...as('carol@example.com') })).status).toBe(404);

    const entries = (await trail(tenantId)).filter((e) => e.action !== 'tenant.created');
    expect(entries.map((e) => [e.action, e.actor, e.source])).toEqual([
      ['trust.revoked', 'carol@example.com', 'api'],
      ['trust.created', 'carol@example.com', 'api'],
      ['oauth_client.revoked', 'bob@example.com', 'api'],
      ['oauth_client.rotated', 'ada@example.com', 'api'],
      ['oauth_client.created', 'ada@example.com', 'api'],
    ]);
    const clientTarget = { type: 'oauth_client', id: clientId, name: 'Entra production' };
    for (const e of entries.slice(2)) expect(e).toMatchObject({ tenantId, tenantName: 'Federated', target: clientTarget });
    expect(entries[3].details).toEqual({ expireOldAfterMs: 3_600_000 });
    expect(entries[2].details).toEqual({});
    const trustTarget = { type: 'trust', id: trustId, name: 'CI pipeline' };
    expect(entries[1]).toMatchObject({ target: trustTarget, details: { issuer: 'https://ci.example', subject: 'repo:acme/app', audience: 'scim', tenantClaim: null, algorithm: 'ES256', keys: 'pasted JWKS' } });
    expect(entries[0]).toMatchObject({ target: trustTarget, details: {} });

    const text = JSON.stringify(entries);
    for (const secret of [created.body.clientSecret, rotated.body.clientSecret, granted.body.access_token]) {
      expect(typeof secret).toBe('string');
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(12));
    }
  });

  it('records a second revocation of a client with when it was first revoked', async () => {
    const { tenantId } = await host.createTenant('Revoked twice');
    const clients = `api/tenants/${tenantId}/oauth-clients`;
    const created = await admin.request(clients, { body: { name: 'Okta' } });
    const path = `${clients}/${created.body.client.clientId}/revoke`;
    const first = await admin.request(path, { method: 'POST' });
    expect((await admin.request(path, { method: 'POST' })).status).toBe(200);
    const [again] = await trail(tenantId);
    expect(again).toMatchObject({ action: 'oauth_client.revoked', details: { alreadyRevokedAt: first.body.client.revokedAt } });
  });
});
