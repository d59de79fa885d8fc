import { describe, expect, it } from 'vitest';
import { useTenantPerTest } from '../../support/tenant-per-test.js';
import { insertUsers } from '../../../lib/store/user-writes.js';
import { insertGroup, removeGroup } from '../../../lib/store/groups-store.js';
import { listChanges } from '../../../lib/store/changes-store.js';
import { newResourceId } from '../../../lib/store/ids.js';
import {
  addMembers,
  findCycleMember,
  listDirectGroups,
  listMembers,
  listMembersAfter,
  removeAllMembers,
  removeFromAllGroups,
  removeMembers,
  replaceMembers,
  resolveMemberIds,
  type MemberRef,
} from '../../../lib/store/memberships-store.js';

const db = useTenantPerTest('memberships');

async function user(name: string): Promise<MemberRef> {
  const id = newResourceId();
  await insertUsers(db.knex, db.tenantId, [{ id, doc: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: name, displayName: `${name} display` } }], []);
  return { id, type: 'User' };
}

async function group(name: string, tenant = db.tenantId): Promise<MemberRef> {
  const row = await insertGroup(db.knex, tenant, newResourceId(), { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name });
  return { id: row.id, type: 'Group' };
}

async function memberIds(groupId: string): Promise<string[]> {
  return ((await listMembers(db.knex, db.tenantId, [groupId])).get(groupId) ?? []).map((member) => member.id).sort();
}

const sorted = (refs: readonly MemberRef[]): string[] => refs.map((ref) => ref.id).sort();

describe('memberships store', () => {
  it('adds with on-conflict-do-nothing and reports only the rows actually added', async () => {
    const g = await group('g');
    const [a, b] = [await user('a'), await user('b')];
    expect(sorted(await addMembers(db.knex, db.tenantId, g.id, [a, b]))).toEqual(sorted([a, b]));
    expect(await addMembers(db.knex, db.tenantId, g.id, [a])).toEqual([]);
    expect(await memberIds(g.id)).toEqual(sorted([a, b]));
  });

  it('removes by ids and all, each reporting what was removed', async () => {
    const g = await group('g');
    const [a, b, c] = [await user('a'), await user('b'), await user('c')];
    const child = await group('child');
    await addMembers(db.knex, db.tenantId, g.id, [a, b, c, child]);
    expect(await removeMembers(db.knex, db.tenantId, g.id, [a.id, newResourceId()])).toEqual([a]);
    expect(await memberIds(g.id)).toEqual(sorted([b, c, child]));
    expect(sorted(await removeAllMembers(db.knex, db.tenantId, g.id, { recorded: true }))).toEqual(sorted([b, c, child]));
    expect(await memberIds(g.id)).toEqual([]);
  });

  it('replaces as delete-not-in plus insert-missing, keeping members that stay', async () => {
    const g = await group('g');
    const [a, b, c] = [await user('a'), await user('b'), await user('c')];
    await addMembers(db.knex, db.tenantId, g.id, [a, b]);
    const result = await replaceMembers(db.knex, db.tenantId, g.id, [b, c]);
    expect(result.added).toEqual([c]);
    expect(result.removed).toEqual([a]);
    expect(await memberIds(g.id)).toEqual(sorted([b, c]));
    expect(sorted((await replaceMembers(db.knex, db.tenantId, g.id, [])).removed)).toEqual(sorted([b, c]));
  });

  it('records each member a write added or removed in the change feed, in the same statement', async () => {
    const g = await group('g');
    const [a, b, c] = [await user('a'), await user('b'), await user('c')];
    const fed = async (): Promise<string[]> =>
      (await listChanges(db.knex, db.tenantId)).filter((change) => change.resourceId === g.id).map((change) => `${change.type} ${String(change.data?.memberId)} ${String(change.data?.memberType)}`);
    await addMembers(db.knex, db.tenantId, g.id, [a, b]);
    await addMembers(db.knex, db.tenantId, g.id, [a]);
    await removeMembers(db.knex, db.tenantId, g.id, [a.id, c.id]);
    await replaceMembers(db.knex, db.tenantId, g.id, [c]);
    expect((await fed()).sort()).toEqual(
      [
        `group.member_added ${a.id} User`,
        `group.member_added ${b.id} User`,
        `group.member_removed ${a.id} User`,
        `group.member_removed ${b.id} User`,
        `group.member_added ${c.id} User`,
      ].sort(),
    );
    await removeAllMembers(db.knex, db.tenantId, g.id, { recorded: false });
    expect(await fed()).toHaveLength(5);
    expect(await memberIds(g.id)).toEqual([]);
  });

  it('keeps concurrent adds to one group: no member is lost', async () => {
    const g = await group('g');
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => user(`u${i}`)));
    await Promise.all(users.map((member) => db.knex.transaction((trx) => addMembers(trx, db.tenantId, g.id, [member]))));
    expect(await memberIds(g.id)).toEqual(sorted(users));
  });

  it('resolves member ids of this tenant only, in one statement for the batch', async () => {
    const a = await user('a');
    const g = await group('g');
    const otherTenant = (await db.tenants.create('other')).tenant.id;
    const foreign = await group('foreign', otherTenant);
    const found = await resolveMemberIds(db.knex, db.tenantId, [a.id, g.id, foreign.id, newResourceId()]);
    expect(Object.fromEntries(found)).toEqual({ [a.id]: 'User', [g.id]: 'Group' });
  });

  it('finds cycles through nested groups, including a group containing itself', async () => {
    const [top, middle, bottom, aside] = [await group('top'), await group('middle'), await group('bottom'), await group('aside')];
    await addMembers(db.knex, db.tenantId, top.id, [middle]);
    await addMembers(db.knex, db.tenantId, middle.id, [bottom]);
    expect(await findCycleMember(db.knex, db.tenantId, top.id, [top.id])).toBe(top.id);
    // bottom ∈ middle ∈ top: making top a member of bottom closes the loop.
    expect(await findCycleMember(db.knex, db.tenantId, bottom.id, [aside.id, top.id])).toBe(top.id);
    expect(await findCycleMember(db.knex, db.tenantId, bottom.id, [middle.id])).toBe(middle.id);
    expect(await findCycleMember(db.knex, db.tenantId, top.id, [aside.id, bottom.id])).toBeUndefined();
  });

  it('removes a deleted member from every group; a deleted group takes its own member rows', async () => {
    const [g1, g2] = [await group('g1'), await group('g2')];
    const a = await user('a');
    await addMembers(db.knex, db.tenantId, g1.id, [a, g2]);
    await addMembers(db.knex, db.tenantId, g2.id, [a]);
    expect((await listDirectGroups(db.knex, db.tenantId, [a.id])).get(a.id)?.map((g) => g.display)).toEqual(['g1', 'g2']);
    expect((await removeFromAllGroups(db.knex, db.tenantId, a.id)).sort()).toEqual([g1.id, g2.id].sort());
    expect((await listDirectGroups(db.knex, db.tenantId, [a.id])).get(a.id)).toEqual([]);
    await removeGroup(db.knex, db.tenantId, g1.id, { tombstone: false, changes: [] });
    const rows = await db.knex('scim_memberships').where({ tenant_id: db.tenantId, group_id: g1.id });
    expect(rows).toEqual([]);
  });

  it('lists members with display names from the users and groups tables', async () => {
    const g = await group('g');
    const a = await user('ada');
    const child = await group('Child group');
    await addMembers(db.knex, db.tenantId, g.id, [child, a]);
    // In member-id order: the primary key's, so long lists continue from the last id without sorting.
    const expected = [
      { id: a.id, type: 'User', display: 'ada display' },
      { id: child.id, type: 'Group', display: 'Child group' },
    ].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect((await listMembers(db.knex, db.tenantId, [g.id])).get(g.id)).toEqual(expected);
    expect((await listMembers(db.knex, db.tenantId, [g.id], 1)).get(g.id)).toEqual(expected.slice(0, 1));
    expect(await listMembersAfter(db.knex, db.tenantId, g.id, expected[0]!.id, 10)).toEqual(expected.slice(1));
    expect(await listMembersAfter(db.knex, db.tenantId, g.id, undefined, 10)).toEqual(expected);
  });
});
