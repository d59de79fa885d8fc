/**
 * The change-feed records of group writes (DESIGN.md §3): one row per member added or removed (multi-row inserts
 * for large batches), the group itself as the resource and the member in `data`.
 */
import type { ChangeType, NewChange } from '../store/changes-store.js';
import type { MemberRef } from '../store/memberships-store.js';
import type { GroupRow } from '../store/resource-row.js';
import type { MembershipDelta } from './group-members.js';

/** The columns of a group the feed records; a stored row, or the key columns of a document about to be written. */
export type GroupChangeColumns = Pick<GroupRow, 'id' | 'display_name' | 'external_id'>;

/** What the feed says about a group. */
export function groupChangeData(row: GroupChangeColumns): Record<string, unknown> {
  return { displayName: row.display_name, externalId: row.external_id };
}

/** A change of the group itself. */
export function groupChange(type: Extract<ChangeType, `group.${string}`>, row: GroupChangeColumns): NewChange {
  return { type, resourceType: 'Group', resourceId: row.id, data: groupChangeData(row) };
}

function memberChange(type: 'group.member_added' | 'group.member_removed', groupId: string, member: MemberRef): NewChange {
  return { type, resourceType: 'Group', resourceId: groupId, data: { memberId: member.id, memberType: member.type } };
}

/** One row per member added or removed, in that order. */
export function membershipChanges(groupId: string, delta: MembershipDelta): NewChange[] {
  return [
    ...delta.added.map((member) => memberChange('group.member_added', groupId, member)),
    ...delta.removed.map((member) => memberChange('group.member_removed', groupId, member)),
  ];
}

/** `group.member_removed` for each group a deleted user or group was removed from. */
export function removedFromGroups(groupIds: readonly string[], member: MemberRef): NewChange[] {
  return groupIds.map((groupId) => memberChange('group.member_removed', groupId, member));
}
