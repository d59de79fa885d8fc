/**
 * `scim.changes` through the SCIM API on PostgreSQL: every kind of change is recorded, and a reader that keeps its
 * cursor across a restart (a new directory instance) continues where it stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimDirectory } from '../../../lib/directory.js';
import type { FeedChange } from '../../../lib/changes/change-types.js';
import { memoryLogger, startTestHost, type TestHost } from '../../support/http-host.js';
import { ProvisioningClient } from '../host/provisioning-client.js';

const POLL = { timeout: 10_000, interval: 25 };

let host: TestHost;
let tenantId: string;
let idp: ProvisioningClient;

beforeAll(async () => {
  host = await startTestHost();
  const tenant = await host.createTenant('Feed');
  tenantId = tenant.tenantId;
  idp = new ProvisioningClient(tenant.baseUrl, tenant.token);
});
afterAll(() => host.close());

/** Everything of the tenant after `after`, read in pages of `limit`. */
async function drain(after: string | undefined, limit: number): Promise<{ changes: FeedChange[]; cursor: string | undefined }> {
  const changes: FeedChange[] = [];
  let cursor = after;
  for (;;) {
    const page = await host.directory.changes.read({ tenantId, limit, ...(cursor ? { after: cursor } : {}) });
    changes.push(...page.changes);
    cursor = page.cursor;
    if (page.changes.length < limit) return { changes, cursor };
  }
}

describe('the change feed', () => {
  let cursorAfterUsers: string | undefined;
  const ids: Record<string, string> = {};

  it('records user created, updated, deactivated, reactivated and deleted, with the user in data', async () => {
    ids.ada = await idp.createUser('ada', { externalId: 'e-ada' });
    await idp.patch(`/Users/${ids.ada}`, [{ op: 'replace', path: 'displayName', value: 'Ada' }]);
    await idp.setActive(ids.ada, false);
    await idp.setActive(ids.ada, true);
    ids.bob = await idp.createUser('bob');
    await idp.delete(`/Users/${ids.bob}`);
    await expect.poll(async () => (await drain(undefined, 2)).changes.length, POLL).toBe(8);
    const { changes, cursor } = await drain(undefined, 2);
    cursorAfterUsers = cursor;
    expect(changes.map((c) => [c.type, c.resourceId])).toEqual([
      ['user.created', ids.ada],
      ['user.updated', ids.ada],
      ['user.updated', ids.ada],
      ['user.deactivated', ids.ada],
      ['user.updated', ids.ada],
      ['user.reactivated', ids.ada],
      ['user.created', ids.bob],
      ['user.deleted', ids.bob],
    ]);
    const deactivated = changes[3]!;
    expect(deactivated).toMatchObject({ tenantId, resourceType: 'User', data: { userName: 'ada', externalId: 'e-ada', active: false } });
    expect(deactivated.at).toBeInstanceOf(Date);
    expect(deactivated.cursor).toMatch(/^\d+-\d+$/);
    expect(new Set(changes.map((c) => c.seq)).size).toBe(8);
  });

  it('records group created, updated, deleted and member added and removed, and continues after a stored cursor', async () => {
    const carol = await idp.createUser('carol');
    const group = await idp.createGroup('Ops', [ids.ada!]);
    await idp.addMembers(group, [carol]);
    await idp.removeMember(group, ids.ada!);
    await idp.patch(`/Groups/${group}`, [{ op: 'replace', path: 'displayName', value: 'Operations' }]);
    await idp.delete(`/Groups/${group}`);
    await expect.poll(async () => (await drain(cursorAfterUsers, 3)).changes.length, POLL).toBe(7);
    const { changes } = await drain(cursorAfterUsers, 3);
    expect(changes.map((c) => [c.type, c.resourceId, c.data])).toEqual([
      ['user.created', carol, expect.objectContaining({ userName: 'carol' })],
      ['group.created', group, { displayName: 'Ops', externalId: null }],
      ['group.member_added', group, { memberId: ids.ada, memberType: 'User' }],
      ['group.member_added', group, { memberId: carol, memberType: 'User' }],
      ['group.member_removed', group, { memberId: ids.ada, memberType: 'User' }],
      ['group.updated', group, { displayName: 'Operations', externalId: null }],
      ['group.deleted', group, { displayName: 'Operations', externalId: null }],
    ]);
  });

  it('is read the same by a new directory instance (a restarted host) from the stored cursor', async () => {
    const restarted = createScimDirectory({ knex: host.knex, logger: memoryLogger() });
    try {
      const page = await restarted.changes.read({ tenantId, after: cursorAfterUsers, limit: 1 });
      expect(page.changes.map((c) => c.type)).toEqual(['user.created']);
      expect(page.cursor).toBe(page.changes[0]!.cursor);
      const empty = await restarted.changes.read({ tenantId, after: (await drain(undefined, 100)).cursor });
      expect(empty.changes).toEqual([]);
      // An empty page hands the cursor back unchanged.
      expect(empty.cursor).toBe((await drain(undefined, 100)).cursor);
      const now = await restarted.changes.currentCursor();
      expect((await restarted.changes.read({ tenantId, after: now })).changes).toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});
