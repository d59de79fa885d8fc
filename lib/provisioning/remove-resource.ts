/**
 * Removing a user or group (RFC 7644 §3.6), the one implementation behind a SCIM DELETE (single or in a Bulk
 * request) and an administrator's removal:
 * lock the row, check `If-Match`, leave every group (those groups get a new version), delete it — or, with the
 * `softDelete` option, leave a tombstone — and append the change feed (with `user.roles.changed` for the users
 * of a group that carried roles), all in one transaction.
 */
import type { Knex } from 'knex';
import type { ResourceTypeName } from '../scim/schema/types.js';
import { appendChanges } from '../store/change-rows.js';
import type { NewChange } from '../store/changes-store.js';
import { deleteMappingsOfGroup } from '../store/group-role-mappings-store.js';
import { findGroup, removeGroup, touchGroups } from '../store/groups-store.js';
import { isUuid } from '../store/ids.js';
import { removeAllMembers, removeFromAllGroups } from '../store/memberships-store.js';
import { removeUser } from '../store/user-writes.js';
import { findUser } from '../store/users-store.js';
import { guardRecord, type GuardContext } from './deprovisioning-guard.js';
import { assertIfMatch } from './etag.js';
import { groupChange, removedFromGroups } from './group-changes.js';
import { inTransaction, type ProvisioningDeps } from './provisioning-deps.js';
import { roleChangesSince, snapshotUnderGroup } from './role-changes.js';
import { userChangeData } from './user-changes.js';

/** Who asked for the removal; an administrator's is marked `source: "admin"` in the change feed. */
export type RemovalSource = 'scim' | 'admin';

/** What a removal did. */
export interface Removal {
  readonly id: string;
  readonly type: ResourceTypeName;
  /** Groups the resource was a direct member of. */
  readonly groupsLeft: readonly string[];
  /** True when a tombstone was left (option `softDelete`). */
  readonly tombstone: boolean;
}

/** Options of {@link removeResource}. */
export interface RemovalOptions {
  readonly ifMatch?: string;
  readonly source?: RemovalSource;
  /**
   * Runs in the removal's transaction after it, with the resource's userName or displayName: the admin API records
   * the removal in the audit trail there, so the entry commits with the removal.
   */
  readonly onRemoved?: (trx: Knex.Transaction, removal: Removal, name: string) => Promise<void>;
  /** The deprovisioning guard's view of an identity provider's deletion of a user; absent for admins' removals. */
  readonly guard?: GuardContext;
}

/** Removes a user or group; undefined when there is none with that id (nothing is written then). */
export async function removeResource(
  deps: ProvisioningDeps,
  tenantId: string,
  type: ResourceTypeName,
  id: string,
  options: RemovalOptions = {},
): Promise<Removal | undefined> {
  if (!isUuid(id)) return undefined;
  const mark = (change: NewChange, extra: Record<string, unknown>): NewChange =>
    Object.keys(extra).length === 0 ? change : { ...change, data: { ...(change.data ?? {}), ...extra } };
  const sourceMark = options.source === 'admin' ? { source: 'admin' } : {};
  return inTransaction(deps, async (trx) => {
    // Locked first, so a concurrent PUT/PATCH of the resource waits and then finds it gone.
    const user = type === 'User' ? await findUser(trx, tenantId, id, { lock: 'update' }) : undefined;
    const group = type === 'Group' ? await findGroup(trx, tenantId, id, { lock: 'update' }) : undefined;
    const stored = user ?? group;
    if (!stored) return undefined;
    assertIfMatch(options.ifMatch, stored.revision, `${type} ${id}`);
    const deprovision = user
      ? await guardRecord(trx, tenantId, options.guard, { userId: id, wasActive: user.active, deletes: true, nowActive: false, previous: user.doc })
      : undefined;
    if (deprovision?.action === 'hold') {
      // Held: the user becomes a tombstone the SCIM API no longer shows, keeping its groups and e-mail rows, and
      // the host keeps seeing it (held-changes.ts finishes or undoes the removal when an administrator decides).
      const held: NewChange = { type: 'user.deleted', resourceType: 'User', resourceId: id, data: userChangeData(user!) };
      await removeUser(trx, tenantId, id, { tombstone: true, changes: [held], deprovision });
      const removal: Removal = { id, type, groupsLeft: [], tombstone: true };
      await options.onRemoved?.(trx, removal, user!.user_name);
      return removal;
    }
    // A group that carries roles (mapped, or inside a mapped group) takes them from its users when it goes.
    const roles = group ? await snapshotUnderGroup(trx, tenantId, id) : undefined;
    const groupsLeft = await removeFromAllGroups(trx, tenantId, id);
    await touchGroups(trx, tenantId, groupsLeft);
    // Option softDelete: the row stays as a tombstone the host's read API can still return; SCIM reads skip it.
    const tombstone = deps.options.softDelete;
    const deleted: NewChange = user
      ? { type: 'user.deleted', resourceType: 'User', resourceId: id, data: userChangeData(user) }
      : groupChange('group.deleted', group!);
    const changes = [
      mark(deleted, { ...(tombstone ? { tombstone: true } : {}), ...sourceMark }),
      ...removedFromGroups(groupsLeft, { id, type }).map((change) => mark(change, sourceMark)),
    ];
    if (user) {
      await removeUser(trx, tenantId, id, { tombstone, changes, ...(deprovision ? { deprovision } : {}) });
    } else {
      // A tombstone keeps its row, so its member rows do not go with it by foreign key.
      if (tombstone) await removeAllMembers(trx, tenantId, id, { recorded: false });
      // A tombstone keeps its row, so its role mappings do not go with it by foreign key either.
      if (tombstone && roles) await deleteMappingsOfGroup(trx, tenantId, id);
      await removeGroup(trx, tenantId, id, { tombstone, changes });
      await appendChanges(trx, tenantId, await roleChangesSince(trx, tenantId, roles, sourceMark));
    }
    const removal: Removal = { id, type, groupsLeft, tombstone };
    await options.onRemoved?.(trx, removal, user ? user.user_name : group!.display_name);
    return removal;
  });
}
