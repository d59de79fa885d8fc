/**
 * The deprovisioning guard replayed over HTTP on PostgreSQL: 100 active users, then an identity provider
 * deactivating 30 of them by PATCH and deleting 5 more. Past the threshold (defaults: more than 10 % and at least
 * 20 within an hour) the SCIM API shows what the provider asked for while the host's read API, change feed and
 * write hook keep the previous state; then both outcomes (approve, discard) and a reactivation that ends a hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WriteHookContext } from '../../../lib/host-hooks.js';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient } from '../admin-api/admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTRA = { 'user-agent': 'Azure AD SCIM client' };

let host: TestHost;
let admin: AdminClient;
let t: { tenantId: string; token: string; baseUrl: string };
const ids: string[] = [];
let groupId = '';
/** Users whose deactivation the host's hook was asked about. */
const hookDeactivations: string[] = [];

function beforeUserWrite(context: WriteHookContext): void {
  if (context.previous?.active !== false && context.resource.active === false) hookDeactivations.push(context.id);
}

const deactivate = (id: string, active = false) =>
  scimFetch(`${t.baseUrl}/Users/${id}`, t.token, { method: 'PATCH', headers: ENTRA, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: active }] } });

/** Every change of the tenant's feed of `type`, by resource. */
async function feed(type: string): Promise<string[]> {
  const page = await host.directory.changes.read({ tenantId: t.tenantId, limit: 10_000 });
  return page.changes.filter((change) => change.type === type).map((change) => change.resourceId);
}

beforeAll(async () => {
  host = await startTestHost({ hooks: { beforeUserWrite } });
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
  t = await host.createTenant('Mass deprovisioning');
  const settings = await admin.request(`api/tenants/${t.tenantId}/settings`, { method: 'PATCH', body: { deprovisioningGuard: true } });
  expect(settings.status).toBe(200);
  for (let i = 0; i < 100; i++) {
    const created = await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: `user${i}@mass.example`, displayName: `User ${i}`, active: true } });
    expect(created.status).toBe(201);
    ids.push(created.body.id as string);
  }
  const group = await scimFetch(`${t.baseUrl}/Groups`, t.token, { body: { schemas: [GROUP], displayName: 'Everyone', members: ids.map((value) => ({ value })) } });
  groupId = group.body.id as string;
}, 60_000);
afterAll(() => host?.close());

describe('a mass deprovisioning past the guard', () => {
  it('answers every deactivation and deletion as asked, and the SCIM API shows them', async () => {
    for (const id of ids.slice(0, 30)) {
      const answer = await deactivate(id);
      expect(answer.status).toBe(200);
      expect(answer.body.active).toBe(false);
    }
    for (const id of ids.slice(30, 35)) expect((await scimFetch(`${t.baseUrl}/Users/${id}`, t.token, { method: 'DELETE', headers: ENTRA })).status).toBe(204);
    expect((await scimFetch(`${t.baseUrl}/Users/${ids[25]}`, t.token)).body.active).toBe(false);
    expect((await scimFetch(`${t.baseUrl}/Users/${ids[32]}`, t.token)).status).toBe(404);
    const active = await scimFetch(`${t.baseUrl}/Users?filter=${encodeURIComponent('active eq true')}&count=0`, t.token);
    expect(active.body.totalResults).toBe(65);
  });

  it('lets the first 19 through and holds the rest from the read API, the change feed and the hook', async () => {
    const reader = host.directory.directory.users;
    expect(await feed('user.deactivated')).toEqual(ids.slice(0, 19));
    expect(await feed('user.deleted')).toEqual([]);
    expect(hookDeactivations).toEqual(ids.slice(0, 19));
    expect(await reader.get(t.tenantId, ids[18]!)).toMatchObject({ active: false });
    expect(await reader.get(t.tenantId, ids[19]!)).toMatchObject({ active: true, userName: 'user19@mass.example' });
    expect(await reader.get(t.tenantId, ids[32]!)).toMatchObject({ active: true, userName: 'user32@mass.example' });
    expect(await reader.count(t.tenantId, { active: true })).toBe(81);
    expect(await host.directory.directory.counts(t.tenantId)).toMatchObject({ users: 100, activeUsers: 81, deletedUsers: 0 });
    expect(await reader.findByUserName(t.tenantId, 'USER33@mass.example')).toMatchObject({ id: ids[33] });
    expect((await reader.list(t.tenantId, { filter: 'active eq false', count: 100 })).totalResults).toBe(19);
  });

  it('lists the held changes with counts and the provider and credential that sent them', async () => {
    const held = await admin.request(`api/tenants/${t.tenantId}/held-changes`);
    expect(held.status).toBe(200);
    expect(held.body.counts).toEqual({ deactivate: 11, delete: 5, providers: [{ provider: 'entra', credential: expect.any(String), count: 16 }] });
    expect(held.body.held).toHaveLength(16);
    expect(held.body.held[0]).toMatchObject({ userId: ids[19], userName: 'user19@mass.example', kind: 'deactivate' });
    expect(held.body.guard).toEqual({ enabled: true, percent: 10, minimum: 20, windowMinutes: 60 });
  });

  it('ends the hold of a user the identity provider reactivates: the host hears an update, never a deactivation', async () => {
    expect((await deactivate(ids[29]!, true)).body.active).toBe(true);
    expect(await host.directory.directory.users.get(t.tenantId, ids[29]!)).toMatchObject({ active: true });
    const held = await admin.request(`api/tenants/${t.tenantId}/held-changes`);
    expect(held.body.counts.deactivate).toBe(10);
    expect(await feed('user.deactivated')).not.toContain(ids[29]);
    expect(await feed('user.reactivated')).not.toContain(ids[29]);
    expect(await feed('user.updated')).toContain(ids[29]);
  });

  it('refuses a decision without confirmation', async () => {
    const refused = await admin.request(`api/tenants/${t.tenantId}/held-changes/approve`, { method: 'POST', body: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'confirmation_required', field: 'confirm' });
  });

  it('on approval the host sees the changes: the feed emits them, deleted users leave their groups, the trail records it', async () => {
    const approved = await admin.request(`api/tenants/${t.tenantId}/held-changes/approve`, { method: 'POST', body: { confirm: true } });
    expect(approved.body).toEqual({ deactivations: 10, deletions: 5 });
    const heldDeactivated = ids.slice(19, 29);
    expect(await feed('user.deactivated')).toEqual([...ids.slice(0, 19), ...heldDeactivated]);
    expect(await feed('user.deleted')).toEqual(ids.slice(30, 35));
    expect(await feed('group.member_removed')).toEqual(ids.slice(30, 35).map(() => groupId));
    expect(hookDeactivations).toEqual([...ids.slice(0, 19), ...heldDeactivated]);
    const reader = host.directory.directory.users;
    expect(await reader.get(t.tenantId, ids[19]!)).toMatchObject({ active: false });
    expect(await reader.get(t.tenantId, ids[32]!)).toBeUndefined();
    expect(await reader.count(t.tenantId, { active: true })).toBe(66);
    expect((await admin.request(`api/tenants/${t.tenantId}/held-changes`)).body.held).toEqual([]);
    const members = await scimFetch(`${t.baseUrl}/Groups/${groupId}`, t.token);
    expect(members.body.members).toHaveLength(95);
    const audit = await admin.request(`api/audit?tenantId=${t.tenantId}`);
    expect(audit.body.entries ?? audit.body.items ?? audit.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'guard.approved', details: { deactivations: 10, deletions: 5 } })]),
    );
  });

  it('on discard the held changes go and the SCIM store is restored, so both views agree', async () => {
    // The window still counts the departures above, so the next ones are held at once.
    const [a, b, c] = [ids[40]!, ids[41]!, ids[42]!];
    await deactivate(a);
    await scimFetch(`${t.baseUrl}/Users/${b}`, t.token, { method: 'PUT', headers: ENTRA, body: { schemas: [USER], userName: 'user41@mass.example', displayName: 'Renamed', active: false } });
    expect((await scimFetch(`${t.baseUrl}/Users/${c}`, t.token, { method: 'DELETE', headers: ENTRA })).status).toBe(204);
    expect((await admin.request(`api/tenants/${t.tenantId}/held-changes`)).body.counts).toMatchObject({ deactivate: 2, delete: 1 });
    const before = await feed('user.updated');
    const discarded = await admin.request(`api/tenants/${t.tenantId}/held-changes/discard`, { method: 'POST', body: { confirm: true } });
    expect(discarded.body).toEqual({ deactivations: 2, deletions: 1 });
    expect((await scimFetch(`${t.baseUrl}/Users/${a}`, t.token)).body.active).toBe(true);
    expect((await scimFetch(`${t.baseUrl}/Users/${b}`, t.token)).body).toMatchObject({ active: true, displayName: 'User 41' });
    expect((await scimFetch(`${t.baseUrl}/Users/${c}`, t.token)).body).toMatchObject({ active: true, userName: 'user42@mass.example' });
    expect(await host.directory.directory.users.get(t.tenantId, b)).toMatchObject({ active: true, displayName: 'User 41' });
    expect(await feed('user.updated')).toEqual(before);
    expect(await feed('user.deactivated')).not.toContain(a);
    expect(await feed('user.deleted')).not.toContain(c);
    const audit = await admin.request(`api/audit?tenantId=${t.tenantId}`);
    expect(JSON.stringify(audit.body)).toContain('guard.discarded');
  });

  it('finishes a held deletion when the identity provider re-creates the user, and keeps the guard on while changes are held', async () => {
    const old = ids[50]!;
    expect((await scimFetch(`${t.baseUrl}/Users/${old}`, t.token, { method: 'DELETE', headers: ENTRA })).status).toBe(204);
    const off = await admin.request(`api/tenants/${t.tenantId}/settings`, { method: 'PATCH', body: { deprovisioningGuard: false } });
    expect(off.status).toBe(400);
    expect(JSON.stringify(off.body)).toContain('approve or discard them first');
    const again = await scimFetch(`${t.baseUrl}/Users`, t.token, { headers: ENTRA, body: { schemas: [USER], userName: 'USER50@mass.example', active: true } });
    expect(again.status).toBe(201);
    expect(await feed('user.deleted')).toContain(old);
    expect(await host.directory.directory.users.get(t.tenantId, old)).toBeUndefined();
    expect(await host.directory.directory.users.findByUserName(t.tenantId, 'user50@mass.example')).toMatchObject({ id: again.body.id });
    expect((await admin.request(`api/tenants/${t.tenantId}/held-changes`)).body.held).toEqual([]);
    expect((await admin.request(`api/tenants/${t.tenantId}/settings`, { method: 'PATCH', body: { deprovisioningGuard: false } })).status).toBe(200);
  });
});
