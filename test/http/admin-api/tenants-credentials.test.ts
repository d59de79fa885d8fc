import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient, errorCode } from './admin-client.js';

let host: TestHost;
let admin: AdminClient;

beforeAll(async () => {
  host = await startTestHost();
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
});
afterAll(() => host.close());

async function createTenant(name: string): Promise<{ id: string; token: string; scimUrl: string }> {
  const created = await admin.request('api/tenants', { body: { name } });
  expect(created.status).toBe(201);
  return { id: created.body.tenant.id, token: created.body.token, scimUrl: `${host.scimUrl(created.body.tenant.id)}` };
}

describe('admin API: tenants', () => {
  it('creates a tenant and shows its SCIM URL and first token once', async () => {
    const created = await admin.request('api/tenants', { body: { name: '  Acme Corp  ' } });
    expect(created.status).toBe(201);
    expect(created.body.tenant).toMatchObject({ name: 'Acme Corp', enabled: true, settings: { eventLogSize: 500, linkUsersOnConflict: false } });
    expect(created.body.tenant.scimUrl).toMatch(new RegExp(`/${created.body.tenant.id}/v2$`));
    expect(created.body.token).toMatch(/^scimdir_[A-Za-z0-9]{43}$/);
    expect(created.body.credential).toMatchObject({ prefix: created.body.token.slice(0, 12), state: 'active' });
    // The token works on the SCIM API right away …
    expect((await scimFetch(`${host.scimUrl(created.body.tenant.id)}/Users`, created.body.token)).status).toBe(200);
    // … and is never shown again.
    const read = await admin.request(`api/tenants/${created.body.tenant.id}`);
    expect(read.text).not.toContain(created.body.token);
    const credentials = await admin.request(`api/tenants/${created.body.tenant.id}/credentials`);
    expect(credentials.text).not.toContain(created.body.token);
  });

  it('refuses a tenant without a name, naming the field', async () => {
    const answer = await admin.request('api/tenants', { body: { name: '   ' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: 'bad_request', message: expect.any(String), field: 'name' } });
  });

  it('lists, reads and renames tenants', async () => {
    const t = await createTenant('Before');
    const list = await admin.request('api/tenants');
    expect(list.body.tenants.map((x: { id: string }) => x.id)).toContain(t.id);
    const renamed = await admin.request(`api/tenants/${t.id}`, { method: 'PATCH', body: { name: 'After' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.tenant.name).toBe('After');
    expect((await admin.request(`api/tenants/${t.id}`)).body.tenant.name).toBe('After');
    const bad = await admin.request(`api/tenants/${t.id}`, { method: 'PATCH', body: { colour: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('colour');
  });

  it('disables a tenant (its SCIM requests get 401) and enables it again', async () => {
    const t = await createTenant('Toggle');
    expect((await admin.request(`api/tenants/${t.id}`, { method: 'PATCH', body: { enabled: false } })).body.tenant.enabled).toBe(false);
    await new Promise((r) => setTimeout(r, host.directory.options.verificationCacheMs + 20));
    expect((await scimFetch(`${t.scimUrl}/Users`, t.token)).status).toBe(401);
    expect((await admin.request(`api/tenants/${t.id}`, { method: 'PATCH', body: { enabled: true } })).body.tenant.enabled).toBe(true);
    expect((await scimFetch(`${t.scimUrl}/Users`, t.token)).status).toBe(200);
    expect((await admin.request(`api/tenants/${t.id}`, { method: 'PATCH', body: { enabled: 'no' } })).body.error.field).toBe('enabled');
  });

  it('deletes a tenant with all its data only after the name is typed to confirm', async () => {
    const t = await createTenant('Doomed');
    await scimFetch(`${t.scimUrl}/Users`, t.token, { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'doomed@example.com' } });
    const unconfirmed = await admin.request(`api/tenants/${t.id}`, { method: 'DELETE' });
    expect(unconfirmed.status).toBe(400);
    expect(errorCode(unconfirmed)).toBe('confirmation_required');
    expect((await admin.request(`api/tenants/${t.id}`, { method: 'DELETE', body: { confirm: 'doomed' } })).status).toBe(400);
    expect((await admin.request(`api/tenants/${t.id}`, { method: 'DELETE', body: { confirm: 'Doomed' } })).status).toBe(204);
    expect((await admin.request(`api/tenants/${t.id}`)).status).toBe(404);
    for (const table of ['scim_users', 'scim_credentials', 'scim_event_log']) {
      const [counted] = (await host.knex(table).where('tenant_id', t.id).count({ count: '*' })) as { count: string }[];
      expect(Number(counted?.count), table).toBe(0);
    }
  });

  it('answers 404 in its own error shape for an unknown tenant', async () => {
    const answer = await admin.request('api/tenants/zzzzzzzzzzzz/status');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: { code: 'not_found', message: 'No tenant "zzzzzzzzzzzz".', field: 'tenantId' } });
  });
});

describe('admin API: credentials', () => {
  it('lists credentials with prefix, created, last used and expiry, never the secret', async () => {
    const t = await createTenant('Creds');
    await scimFetch(`${t.scimUrl}/Users`, t.token);
    const list = await admin.request(`api/tenants/${t.id}/credentials`);
    expect(list.status).toBe(200);
    expect(list.body.credentials).toHaveLength(1);
    const [c] = list.body.credentials;
    expect(c).toMatchObject({ name: 'Token', kind: 'token', prefix: t.token.slice(0, 12), expiresAt: null, revokedAt: null, active: true, state: 'active' });
    expect(Date.parse(c.createdAt)).not.toBeNaN();
    expect(Date.parse(c.lastUsedAt)).not.toBeNaN();
    expect(list.text).not.toContain(t.token.slice(12));
  });

  it('issues a credential with an expiry', async () => {
    const t = await createTenant('Issue');
    const issued = await admin.request(`api/tenants/${t.id}/credentials`, { body: { expiresInDays: 30 } });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^scimdir_/);
    const days = (Date.parse(issued.body.credential.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    expect((await scimFetch(`${t.scimUrl}/Users`, issued.body.token)).status).toBe(200);
    expect((await admin.request(`api/tenants/${t.id}/credentials`, { body: { expiresInDays: -1 } })).body.error.field).toBe('expiresInDays');
  });

  it('rotates one token with an overlap: it keeps working until its new expiry, and no other token changes', async () => {
    const t = await createTenant('Rotate');
    const [first] = (await admin.request(`api/tenants/${t.id}/credentials`)).body.credentials as { id: string }[];
    const second = await admin.request(`api/tenants/${t.id}/credentials`, { body: { name: 'Okta staging', expiresInDays: 30 } });
    expect(second.body.credential).toMatchObject({ name: 'Okta staging', kind: 'token' });
    const rotated = await admin.request(`api/tenants/${t.id}/credentials/${first!.id}/rotate`, { body: { expireOldAfterHours: 24 } });
    expect(rotated.status).toBe(201);
    expect(rotated.body.credential.name).toBe('Token');
    const secondNow = ((await admin.request(`api/tenants/${t.id}/credentials`)).body.credentials as { id: string; expiresAt: string }[]).find(
      (c) => c.id === second.body.credential.id,
    );
    expect(secondNow!.expiresAt).toBe(second.body.credential.expiresAt);
    await admin.request(`api/tenants/${t.id}/credentials/${second.body.credential.id}/revoke`, { method: 'POST' });
    const unknown = await admin.request(`api/tenants/${t.id}/credentials/ffffffffffffffff/rotate`, { body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe('credentialId');
    expect((await scimFetch(`${t.scimUrl}/Users`, rotated.body.token)).status).toBe(200);
    expect((await scimFetch(`${t.scimUrl}/Users`, t.token)).status).toBe(200);
    const list = (await admin.request(`api/tenants/${t.id}/credentials`)).body.credentials as { id: string; expiresAt: string | null }[];
    const old = list.find((c) => c.id === first!.id);
    const hours = (Date.parse(old!.expiresAt!) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    expect(list.find((c) => c.id === rotated.body.credential.id)?.expiresAt).toBeNull();
  });

  it('revokes a credential at once; an unknown one is 404', async () => {
    const t = await createTenant('Revoke');
    const [credential] = (await admin.request(`api/tenants/${t.id}/credentials`)).body.credentials;
    const revoked = await admin.request(`api/tenants/${t.id}/credentials/${credential.id}/revoke`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.credential).toMatchObject({ id: credential.id, state: 'revoked', active: false });
    expect((await scimFetch(`${t.scimUrl}/Users`, t.token)).status).toBe(401);
    const unknown = await admin.request(`api/tenants/${t.id}/credentials/ffffffffffffffff/revoke`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe('credentialId');
  });
});
