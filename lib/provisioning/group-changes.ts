/**
 * The change-feed records of group writes computed in Node (DESIGN.md §3): the group itself, and the memberships a
 * deleted user or group leaves. A member added or removed by a group write is recorded by that write's own
 * statement (memberships-store.ts), with the same shape: the group as the resource, the member in `data`.
 */
import type { ChangeType, NewChange } from '../store/changes-store.js';
import type { MemberRef } from '../store/memberships-store.js';
import type { GroupRow } from '../store/resource-row.js';

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

/** `group.member_removed` for each group a deleted user or group was removed from. */
export function removedFromGroups(groupIds: readonly string[], member: MemberRef): NewChange[] {
  return groupIds.map((groupId) => memberChange('group.member_removed', groupId, member));
}
