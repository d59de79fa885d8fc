/**
 * Member removal as one statement on PostgreSQL and PGlite: the rows go, the group's revision moves only when a
 * member was removed, change rows are written per removed member, and a revision precondition that does not hold
 * (or a missing group) writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { BOTH_DATABASES, useSuiteTenant } from '../../support/both-databases.js';
import { newResourceId } from '../../../lib/store/ids.js';
import { removeMembersStatement } from '../../../lib/store/member-removal-statement.js';

describe.each(BOTH_DATABASES)('member removal statement on %s', (_name, open) => {
  const suite = useSuiteTenant(open, 'member removal');

  async function groupWith(members: number): Promise<{ groupId: string; memberIds: string[] }> {
    const groupId = newResourceId();
    await suite.knex('scim_groups').insert({ tenant_id: suite.tenantId, id: groupId, display_name: groupId, display_name_key: groupId, doc: JSON.stringify({ displayName: groupId }) });
    const memberIds = Array.from({ length: members }, () => newResourceId());
    for (const id of memberIds) {
      await suite.knex('scim_users').insert({ tenant_id: suite.tenantId, id, user_name: id, user_name_key: id, doc: JSON.stringify({ userName: id }) });
      await suite.knex('scim_memberships').insert({ tenant_id: suite.tenantId, group_id: groupId, member_id: id, member_type: 'User' });
    }
    return { groupId, memberIds };
  }
  const memberIdsOf = async (groupId: string) => (await suite.knex('scim_memberships').where({ tenant_id: suite.tenantId, group_id: groupId }).select('member_id')).map((r) => r.member_id as string).sort();
  const changesOf = (groupId: string) => suite.knex('scim_changes').where({ tenant_id: suite.tenantId, resource_id: groupId }).select('type', 'resource_type', 'data');

  it('removes the members, bumps the revision once and records each removal', async () => {
    const { groupId, memberIds } = await groupWith(4);
    const [a, b, c, d] = memberIds as [string, string, string, string];
    const removal = await removeMembersStatement(suite.knex, suite.tenantId, groupId, [a, b, b, newResourceId()]);
    expect(removal?.group).toMatchObject({ id: groupId, revision: 2, display_name: groupId });
    expect(removal?.removed.map((m) => m.id).sort()).toEqual([a, b].sort());
    expect(removal?.removed.every((m) => m.type === 'User')).toBe(true);
    expect(await memberIdsOf(groupId)).toEqual([c, d].sort());
    const changes = await changesOf(groupId);
    expect(changes).toHaveLength(2);
    expect(changes).toEqual(expect.arrayContaining([a, b].map((id) => ({ type: 'group.member_removed', resource_type: 'Group', data: { memberId: id, memberType: 'User' } }))));
  });

  it('keeps the revision when nothing was a member', async () => {
    const { groupId } = await groupWith(1);
    const removal = await removeMembersStatement(suite.knex, suite.tenantId, groupId, [newResourceId()]);
    expect(removal).toMatchObject({ group: { revision: 1 }, removed: [] });
    expect(await changesOf(groupId)).toEqual([]);
  });

  it('writes nothing when the revision precondition fails or the group does not exist', async () => {
    const { groupId, memberIds } = await groupWith(2);
    expect(await removeMembersStatement(suite.knex, suite.tenantId, groupId, memberIds, 5)).toBeUndefined();
    expect(await memberIdsOf(groupId)).toEqual([...memberIds].sort());
    expect(await changesOf(groupId)).toEqual([]);
    expect(await removeMembersStatement(suite.knex, suite.tenantId, newResourceId(), memberIds)).toBeUndefined();
    expect(await removeMembersStatement(suite.knex, suite.tenantId, groupId, memberIds.slice(0, 1), 1)).toMatchObject({ group: { revision: 2 } });
    expect(await memberIdsOf(groupId)).toEqual(memberIds.slice(1));
  });
});
