/**
 * The change-feed records of a user write (DESIGN.md §3): `user.updated` for every change, plus
 * `user.deactivated` / `user.reactivated` when `active` flips, so a host can react to just those.
 */
import type { NewChange } from '../store/changes-store.js';
import type { UserRow } from '../store/resource-row.js';

/** What the feed says about a user: enough to recognise it without reading the directory. */
export function userChangeData(row: UserRow): Record<string, unknown> {
  return { userName: row.user_name, externalId: row.external_id, active: row.active };
}

/** The records for `before` → `after` of one user. */
export function userUpdateChanges(before: UserRow, after: UserRow): NewChange[] {
  const data = userChangeData(after);
  const changes: NewChange[] = [{ type: 'user.updated', resourceType: 'User', resourceId: after.id, data }];
  if (before.active && !after.active) changes.push({ type: 'user.deactivated', resourceType: 'User', resourceId: after.id, data });
  if (!before.active && after.active) changes.push({ type: 'user.reactivated', resourceType: 'User', resourceId: after.id, data });
  return changes;
}
