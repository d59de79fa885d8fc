/**
 * Removing a provisioned user or group from the directory on an administrator's word (Atlassian's most-voted
 * provisioning request: clean up what the identity provider will never delete). One transaction: the memberships
 * that point at the resource, the version bump of the groups that lose a member, the resource itself, and the
 * change-feed rows, so a host reading the feed sees the removal like any other delete.
 */
import type { Knex } from 'knex';

/** What a removal did, or undefined when there was nothing to remove. */
export interface Removal {
  readonly id: string;
  readonly type: 'User' | 'Group';
  /** Groups the resource was a direct member of. */
  readonly groupsLeft: string[];
}

/** Removes a user or group; undefined when it does not exist. */
export async function removeResource(knex: Knex, tenantId: string, type: 'User' | 'Group', id: string): Promise<Removal | undefined> {
  return knex.transaction(async (trx) => {
    const table = type === 'User' ? 'scim_users' : 'scim_groups';
    // Lock the row first so a concurrent SCIM PUT/PATCH of it waits, then finds it gone.
    const row = await trx(table).where({ tenant_id: tenantId, id }).whereNull('deleted_at').forUpdate().first('id');
    if (!row) return undefined;
    const left = (await trx('scim_memberships').where({ tenant_id: tenantId, member_id: id }).delete().returning('group_id')) as { group_id: string }[];
    const groupIds = [...new Set(left.map((r) => r.group_id))].sort();
    if (groupIds.length > 0) {
      await trx('scim_groups')
        .where('tenant_id', tenantId)
        .whereIn('id', groupIds)
        .update({ revision: trx.raw('revision + 1'), last_modified: trx.raw(`greatest(now(), last_modified + interval '1 microsecond')`) });
    }
    await trx(table).where({ tenant_id: tenantId, id }).delete();
    const changes = [
      ...groupIds.map((groupId) => ({
        tenant_id: tenantId,
        type: 'group.member_removed',
        resource_type: 'Group',
        resource_id: groupId,
        data: JSON.stringify({ memberId: id, memberType: type, source: 'admin' }),
      })),
      {
        tenant_id: tenantId,
        type: type === 'User' ? 'user.deleted' : 'group.deleted',
        resource_type: type,
        resource_id: id,
        data: JSON.stringify({ source: 'admin' }),
      },
    ];
    for (let i = 0; i < changes.length; i += 2000) await trx('scim_changes').insert(changes.slice(i, i + 2000));
    return { id, type, groupsLeft: groupIds };
  });
}
