import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient } from './admin-client.js';

/** The host names its administrator from a header its own sign-in would set. */
const PRINCIPAL_HEADER = 'x-test-admin';

let host: TestHost;
let admin: AdminClient;

beforeAll(async () => {
  host = await startTestHost({ auditPrincipal: (req) => req.get(PRINCIPAL_HEADER) });
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
});
afterAll(() => host.close());

const as = (name: string, ui = false): Record<string, string> => ({ [PRINCIPAL_HEADER]: name, ...(ui ? { 'x-scim-admin-client': 'ui' } : {}) });

async function trail(tenantId: string): Promise<any[]> {
  const answer = await admin.request(`api/audit?tenantId=${tenantId}&count=200`);
  expect(answer.status).toBe(200);
  return answer.body.items;
}

describe('audit trail of administration', () => {
  it('records every admin API action on a tenant with who, when, what and where from, newest first, without secrets', async () => {
    const started = Date.now() - 1000;
    const created = await admin.request('api/tenants', { body: { name: 'Audited' }, headers: as('ada@example.com', true) });
    expect(created.status).toBe(201);
    const id: string = created.body.tenant.id;
    const tokens: string[] = [created.body.token];
    const path = `api/tenants/${id}`;
    expect((await admin.request(path, { method: 'PATCH', body: { name: 'Audited 2' }, headers: as('ada@example.com', true) })).status).toBe(200);
    expect((await admin.request(path, { method: 'PATCH', body: { enabled: false }, headers: as('bob@example.com') })).status).toBe(200);
    expect((await admin.request(path, { method: 'PATCH', body: { enabled: true }, headers: as('bob@example.com') })).status).toBe(200);
    const settings = await admin.request(`${path}/settings`, { method: 'PATCH', body: { eventLogSize: 200, linkUsersOnConflict: false, rateLimitBurst: 900 }, headers: as('bob@example.com') });
    expect(settings.status).toBe(200);
    const issued = await admin.request(`${path}/credentials`, { body: { name: 'Okta', expiresInDays: 30 }, headers: as('bob@example.com') });
    tokens.push(issued.body.token);
    const rotated = await admin.request(`${path}/credentials/${created.body.credential.id}/rotate`, { body: { expireOldAfterHours: 2 }, headers: as('bob@example.com') });
    tokens.push(rotated.body.token);
    expect((await admin.request(`${path}/credentials/${issued.body.credential.id}/revoke`, { body: {}, headers: as('bob@example.com') })).status).toBe(200);

    const user = await scimFetch(`${host.scimUrl(id)}/Users`, rotated.body.token, { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'leaver@example.com' } });
    const group = await scimFetch(`${host.scimUrl(id)}/Groups`, rotated.body.token, {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Leavers', members: [{ value: user.body.id }] },
    });
    expect((await admin.request(`${path}/users/${user.body.id}`, { method: 'DELETE', body: { confirm: true }, headers: as('carol@example.com') })).status).toBe(204);
    expect((await admin.request(`${path}/groups/${group.body.id}`, { method: 'DELETE', body: { confirm: true }, headers: as('carol@example.com') })).status).toBe(204);

    const entries = await trail(id);
    expect(entries.map((e) => e.action)).toEqual([
      'group.removed',
      'user.removed',
      'credential.revoked',
      'credential.rotated',
      'credential.issued',
      'settings.changed',
      'tenant.enabled',
      'tenant.disabled',
      'tenant.renamed',
      'tenant.created',
    ]);
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
    expect(byAction['tenant.created']).toMatchObject({
      actor: 'ada@example.com',
      source: 'ui',
      tenantId: id,
      tenantName: 'Audited',
      target: { type: 'credential', id: created.body.credential.id, name: created.body.credential.name },
    });
    expect(byAction['tenant.renamed']).toMatchObject({ source: 'ui', tenantName: 'Audited', details: { name: { from: 'Audited', to: 'Audited 2' } } });
    expect(byAction['tenant.disabled']).toMatchObject({ actor: 'bob@example.com', source: 'api', details: { enabled: { from: true, to: false } } });
    // Only the keys that changed, each from → to (linkUsersOnConflict was sent unchanged).
    expect(byAction['settings.changed'].details).toEqual({ changes: { eventLogSize: { from: 500, to: 200 }, rateLimitBurst: { from: 500, to: 900 } } });
    expect(byAction['credential.issued']).toMatchObject({ target: { type: 'credential', id: issued.body.credential.id, name: 'Okta' }, details: { expiresAt: issued.body.credential.expiresAt } });
    expect(byAction['credential.rotated']).toMatchObject({
      target: { id: rotated.body.credential.id, name: created.body.credential.name },
      details: { replacesCredentialId: created.body.credential.id, expireOldAfterMs: 2 * 3_600_000 },
    });
    expect(byAction['credential.revoked']).toMatchObject({ target: { type: 'credential', id: issued.body.credential.id, name: 'Okta' } });
    expect(byAction['user.removed']).toMatchObject({ actor: 'carol@example.com', target: { type: 'user', id: user.body.id, name: 'leaver@example.com' }, details: { groupsLeft: 1 } });
    expect(byAction['group.removed']).toMatchObject({ target: { type: 'group', id: group.body.id, name: 'Leavers' } });
    for (const e of entries) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(started);
      expect(Date.parse(e.at)).toBeLessThanOrEqual(Date.now() + 1000);
    }
    const text = JSON.stringify(entries);
    for (const token of tokens) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(12));
    }
    for (const credential of [created.body.credential, issued.body.credential, rotated.body.credential]) expect(text).not.toContain(credential.prefix);
  });

  it('records nothing for a refused or unchanged request', async () => {
    const { tenantId } = await host.createTenant('Quiet');
    const before = (await trail(tenantId)).length;
    expect((await admin.request(`api/tenants/${tenantId}/settings`, { method: 'PATCH', body: { eventLogSize: -1 } })).status).toBe(400);
    expect((await admin.request(`api/tenants/${tenantId}/settings`, { method: 'PATCH', body: { eventLogSize: 500 } })).status).toBe(200);
    expect((await admin.request(`api/tenants/${tenantId}`, { method: 'PATCH', body: { name: 'Quiet', enabled: true } })).status).toBe(200);
    expect((await admin.request(`api/tenants/${tenantId}`, { method: 'DELETE', body: { confirm: 'wrong' } })).status).toBe(400);
    expect(await trail(tenantId)).toHaveLength(before);
  });

  it('keeps a deleted tenant’s trail, its deletion last, and lists every tenant when not filtered', async () => {
    const created = await admin.request('api/tenants', { body: { name: 'Doomed' }, headers: as('dave@example.com') });
    const id: string = created.body.tenant.id;
    expect((await admin.request(`api/tenants/${id}`, { method: 'DELETE', body: { confirm: 'Doomed' }, headers: as('dave@example.com') })).status).toBe(204);
    const entries = await trail(id);
    expect(entries.map((e) => [e.action, e.actor, e.tenantName])).toEqual([
      ['tenant.deleted', 'dave@example.com', 'Doomed'],
      ['tenant.created', 'dave@example.com', 'Doomed'],
    ]);
    const all = await admin.request('api/audit?count=5');
    expect(all.body.items[0]).toMatchObject({ action: 'tenant.deleted', tenantId: id });
    expect(all.body.totalResults).toBeGreaterThan(2);
  });

  it('records the host API’s calls with the actor the host names, and without one as the host', async () => {
    const { tenant } = await host.directory.tenants.create('By the host', { actor: 'provisioning-job' });
    await host.directory.tenants.setEnabled(tenant.id, false);
    const entries = await trail(tenant.id);
    expect(entries.map((e) => [e.action, e.actor, e.source])).toEqual([
      ['tenant.disabled', null, 'host'],
      ['tenant.created', 'provisioning-job', 'host'],
    ]);
  });

  it('records a change without a principal when auditPrincipal throws, and the change still happens', async () => {
    const throwing = await startTestHost({
      auditPrincipal: () => {
        throw new Error('no user on this request');
      },
    });
    try {
      const client = new AdminClient(`${throwing.origin}/admin/`);
      await client.session();
      const created = await client.request('api/tenants', { body: { name: 'No principal' } });
      expect(created.status).toBe(201);
      const entries = (await client.request(`api/audit?tenantId=${created.body.tenant.id}`)).body.items;
      expect(entries).toEqual([expect.objectContaining({ action: 'tenant.created', actor: null, source: 'api' })]);
    } finally {
      await throwing.close();
    }
  });

  it('pages newest first and names a bad paging parameter', async () => {
    const { tenantId } = await host.createTenant('Paged');
    for (const size of [10, 20, 30]) await admin.request(`api/tenants/${tenantId}/settings`, { method: 'PATCH', body: { eventLogSize: size } });
    const first = await admin.request(`api/audit?tenantId=${tenantId}&count=2`);
    expect(first.body).toMatchObject({ totalResults: 4, startIndex: 1, itemsPerPage: 2 });
    expect(first.body.items.map((e: any) => e.details.changes?.eventLogSize?.to)).toEqual([30, 20]);
    const second = await admin.request(`api/audit?tenantId=${tenantId}&count=2&startIndex=3`);
    expect(second.body.items.map((e: any) => e.action)).toEqual(['settings.changed', 'tenant.created']);
    const bad = await admin.request('api/audit?count=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('count');
  });
});
