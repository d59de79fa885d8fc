import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/http-host.js';
import { ProvisioningClient } from './provisioning-client.js';

const POLL = { timeout: 10_000, interval: 50 };

let hard: TestHost;
let soft: TestHost;

beforeAll(async () => {
  hard = await startTestHost();
  soft = await startTestHost({ softDelete: true });
});
afterAll(async () => {
  await hard.close();
  await soft.close();
});

async function tenantOf(host: TestHost): Promise<{ tenantId: string; idp: ProvisioningClient }> {
  const tenant = await host.createTenant('Deprovisioning');
  return { tenantId: tenant.tenantId, idp: new ProvisioningClient(tenant.baseUrl, tenant.token) };
}

async function changesOf(host: TestHost, tenantId: string): Promise<{ type: string; resourceId: string; data: Record<string, unknown> }[]> {
  const page = await host.directory.changes.read({ tenantId, limit: 1000 });
  return page.changes.map((change) => ({ type: change.type, resourceId: change.resourceId, data: change.data as unknown as Record<string, unknown> }));
}

describe('active=false', () => {
  it('keeps the user, readable and inactive, and records user.deactivated then user.reactivated', async () => {
    const { tenantId, idp } = await tenantOf(hard);
    const id = await idp.createUser('leaver');
    await idp.setActive(id, false);
    expect((await idp.call(`/Users/${id}`)).body.active).toBe(false);
    expect((await hard.directory.directory.users.get(tenantId, id))?.active).toBe(false);
    await idp.setActive(id, true);
    // The feed holds back changes while any older transaction on the server is open (other test files run at
    // the same time), so it is polled rather than read once.
    await expect.poll(async () => (await changesOf(hard, tenantId)).map((c) => c.type), POLL).toEqual([
      'user.created',
      'user.updated',
      'user.deactivated',
      'user.updated',
      'user.reactivated',
    ]);
  });
});

describe('DELETE without softDelete', () => {
  it('removes the user: gone for SCIM and for the read API, even with includeDeleted', async () => {
    const { tenantId, idp } = await tenantOf(hard);
    const id = await idp.createUser('removed');
    await idp.delete(`/Users/${id}`);
    expect((await idp.call(`/Users/${id}`)).status).toBe(404);
    expect(await hard.directory.directory.users.get(tenantId, id, { includeDeleted: true })).toBeUndefined();
    expect(await hard.knex('scim_users').where({ tenant_id: tenantId, id })).toEqual([]);
    await expect.poll(async () => (await changesOf(hard, tenantId)).at(-1), POLL).toMatchObject({ type: 'user.deleted', resourceId: id, data: { userName: 'removed' } });
  });
});

describe('DELETE with softDelete', () => {
  it('leaves a user tombstone: SCIM answers 404, the read API shows it with meta.deleted on request', async () => {
    const { tenantId, idp } = await tenantOf(soft);
    const id = await idp.createUser('tomb', { externalId: 'ext-tomb' });
    const group = await idp.createGroup('Team', [id]);
    await idp.delete(`/Users/${id}`);

    expect((await idp.call(`/Users/${id}`)).status).toBe(404);
    expect((await idp.call(`/Users?filter=${encodeURIComponent('userName eq "tomb"')}`)).body.totalResults).toBe(0);
    expect((await idp.call(`/Users/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await idp.call(`/Groups/${group}`)).body.members).toBeUndefined();

    const users = soft.directory.directory.users;
    expect(await users.get(tenantId, id)).toBeUndefined();
    const tombstone = await users.get(tenantId, id, { includeDeleted: true });
    expect(tombstone).toMatchObject({ id, userName: 'tomb', externalId: 'ext-tomb', meta: { version: 'W/"2"' } });
    expect(new Date(String((tombstone?.meta as { deleted: string }).deleted)).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await users.findByExternalId(tenantId, 'ext-tomb', { includeDeleted: true }))?.id).toBe(id);
    expect((await users.list(tenantId, { includeDeleted: 'only' })).resources.map((u) => u.id)).toEqual([id]);
    expect(await users.groups(tenantId, id)).toEqual([]);
    expect(await soft.directory.directory.counts(tenantId)).toMatchObject({ users: 0, deletedUsers: 1, groups: 1 });

    await expect.poll(() => changesOf(soft, tenantId), POLL).toEqual(
      expect.arrayContaining([
        { type: 'user.deleted', resourceId: id, data: expect.objectContaining({ userName: 'tomb', tombstone: true }) },
        { type: 'group.member_removed', resourceId: group, data: { memberId: id, memberType: 'User' } },
      ]),
    );
  });

  it('frees the userName at once: the identity provider can create it again, and lookups find the live user first', async () => {
    const { tenantId, idp } = await tenantOf(soft);
    const first = await idp.createUser('again');
    await idp.delete(`/Users/${first}`);
    const second = await idp.createUser('again');
    expect(second).not.toBe(first);
    expect((await soft.directory.directory.users.findByUserName(tenantId, 'again'))?.id).toBe(second);
    expect((await soft.directory.directory.users.findByUserName(tenantId, 'again', { includeDeleted: true }))?.id).toBe(second);
    expect((await soft.directory.directory.users.list(tenantId, { includeDeleted: true })).totalResults).toBe(2);
  });

  it('leaves a group tombstone without members, out of every nested-group walk', async () => {
    const { tenantId, idp } = await tenantOf(soft);
    const user = await idp.createUser('nested');
    const child = await idp.createGroup('Child', [user]);
    const parent = await idp.createGroup('Parent', [child]);
    expect(await soft.directory.directory.groups.hasMember(tenantId, parent, user)).toBe(true);
    await idp.delete(`/Groups/${child}`);
    expect((await idp.call(`/Groups/${child}`)).status).toBe(404);
    expect(await soft.directory.directory.groups.hasMember(tenantId, parent, user)).toBe(false);
    expect(await soft.directory.directory.users.groups(tenantId, user)).toEqual([]);
    expect(await soft.directory.directory.groups.get(tenantId, child, { includeDeleted: true })).toMatchObject({ id: child, displayName: 'Child' });
    expect(await soft.directory.directory.groups.memberCount(tenantId, child)).toBe(0);
    expect(await idp.createGroup('Child')).not.toBe(child);
  });
});
