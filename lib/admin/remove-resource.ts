/**
 * Removing a provisioned user or group from the directory on an administrator's word (Atlassian's most-voted
 * provisioning request: clean up what the identity provider will never delete). It is the SCIM DELETE's sequence
 * (RFC 7644 §3.6) built from the same store functions, in one transaction: lock the row, leave every group (those
 * groups get a new version), delete, and append the change feed — `user.deleted` / `group.deleted` with the usual
 * data plus `source: "admin"`, and `group.member_removed` per group left — so a host sees it like any delete.
 */
import type { Knex } from 'knex';
import { groupChange, removedFromGroups } from '../provisioning/group-changes.js';
import { userChangeData } from '../provisioning/user-changes.js';
import { appendChanges, type NewChange } from '../store/changes-store.js';
import { deleteGroup, findGroup, touchGroups } from '../store/groups-store.js';
import { removeFromAllGroups } from '../store/memberships-store.js';
import { deleteUser, findUser } from '../store/users-store.js';

/** What a removal did. */
export interface Removal {
  readonly id: string;
  readonly type: 'User' | 'Group';
  /** Groups the resource was a direct member of. */
  readonly groupsLeft: string[];
}

/** Removes a user or group; undefined when it does not exist. */
export async function removeResource(knex: Knex, tenantId: string, type: 'User' | 'Group', id: string): Promise<Removal | undefined> {
  return knex.transaction(async (trx) => {
    // Locked first, so a concurrent SCIM PUT/PATCH of the resource waits and then finds it gone.
    const stored = type === 'User' ? await findUser(trx, tenantId, id, { lock: 'update' }) : await findGroup(trx, tenantId, id, { lock: 'update' });
    if (!stored) return undefined;
    const groupsLeft = await removeFromAllGroups(trx, tenantId, id);
    await touchGroups(trx, tenantId, groupsLeft);
    let deleted: NewChange;
    if (type === 'User') {
      const user = await deleteUser(trx, tenantId, id);
      deleted = { type: 'user.deleted', resourceType: 'User', resourceId: id, data: { ...(user ? userChangeData(user) : {}), source: 'admin' } };
    } else {
      const group = await deleteGroup(trx, tenantId, id);
      const change = group ? groupChange('group.deleted', group) : { type: 'group.deleted' as const, resourceType: 'Group' as const, resourceId: id };
      deleted = { ...change, data: { ...(change.data ?? {}), source: 'admin' } };
    }
    const leftChanges = removedFromGroups(groupsLeft, { id, type }).map((c) => ({ ...c, data: { ...(c.data ?? {}), source: 'admin' } }));
    await appendChanges(trx, tenantId, [deleted, ...leftChanges]);
    return { id, type, groupsLeft };
  });
}
