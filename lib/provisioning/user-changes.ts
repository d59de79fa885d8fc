/**
 * The change-feed records of a user write (DESIGN.md §3): `user.updated` for every change, plus
 * `user.deactivated` / `user.reactivated` when `active` flips, so a host can react to just those.
 */
import type { NewChange } from '../store/changes-store.js';
import type { UserRow } from '../store/resource-row.js';

/** The columns of a user the feed records; a stored row, or the key columns of a document about to be written. */
export type UserChangeColumns = Pick<UserRow, 'id' | 'user_name' | 'external_id' | 'active'>;

/** What the feed says about a user: enough to recognise it without reading the directory. */
export function userChangeData(row: Omit<UserChangeColumns, 'id'>): Record<string, unknown> {
  return { userName: row.user_name, externalId: row.external_id, active: row.active };
}

/** The records for `before` → `after` of one user. */
export function userUpdateChanges(before: Pick<UserRow, 'active'>, after: UserChangeColumns): NewChange[] {
  const data = userChangeData(after);
  const changes: NewChange[] = [{ type: 'user.updated', resourceType: 'User', resourceId: after.id, data }];
  if (before.active && !after.active) changes.push({ type: 'user.deactivated', resourceType: 'User', resourceId: after.id, data });
  if (!before.active && after.active) changes.push({ type: 'user.reactivated', resourceType: 'User', resourceId: after.id, data });
  return changes;
}
