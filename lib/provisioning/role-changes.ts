/**
 * `user.roles.changed` in the change feed: recorded in the transaction of whatever changed a user's effective
 * roles — the user's own `roles`, a membership of a group that is mapped or sits inside a mapped group (nested
 * groups included), a group's deletion, or a mapping. Effective roles compare as sets of values; a role granted
 * twice (directly and through a group) that loses one source has not changed. Tenants without mappings never
 * reach the queries here from a group write (the group's write statement reports whether the tenant has any).
 */
import type { Knex } from 'knex';
import type { NewChange } from '../store/changes-store.js';
import { groupCarriesRoles } from '../store/group-role-mappings-store.js';
import { groupRoleValuesOf, roleValuesOf, usersAtOrUnder, type UserRoleValues } from '../store/effective-roles-queries.js';
import type { MemberRef } from '../store/memberships-store.js';
import type { UserRow } from '../store/resource-row.js';
import type { MembershipDelta } from './group-members.js';

/** What `user.roles.changed` says: the user's key columns, its effective role values now, and what moved. */
function rolesChange(id: string, before: readonly string[], after: UserRoleValues, extra: Readonly<Record<string, unknown>>): NewChange | undefined {
  const had = new Set(before);
  const has = new Set(after.roles);
  const added = after.roles.filter((role) => !had.has(role));
  const removed = before.filter((role) => !has.has(role));
  if (added.length === 0 && removed.length === 0) return undefined;
  return {
    type: 'user.roles.changed',
    resourceType: 'User',
    resourceId: id,
    data: { userName: after.userName, externalId: after.externalId, active: after.active, roles: [...after.roles], added, removed, ...extra },
  };
}

/** The changes between two snapshots of the same users' role values (a user missing from `after` is skipped). */
export function roleChangesBetween(before: ReadonlyMap<string, UserRoleValues>, after: ReadonlyMap<string, UserRoleValues>, extra: Readonly<Record<string, unknown>> = {}): NewChange[] {
  const changes: NewChange[] = [];
  for (const [id, now] of after) {
    const change = rolesChange(id, before.get(id)?.roles ?? [], now, extra);
    if (change) changes.push(change);
  }
  return changes;
}

/**
 * The role changes of one write to group `groupId`'s direct members, computed after it from the delta alone: the
 * users at or under the members added or removed, their role values now, and as they were over the graph without
 * the added and with the removed members. Nothing is read when the group and the groups above it carry no role.
 */
export async function membershipRoleChanges(trx: Knex, tenantId: string, groupId: string, delta: MembershipDelta): Promise<NewChange[]> {
  const touched: MemberRef[] = [...delta.added, ...delta.removed];
  if (touched.length === 0 || !(await groupCarriesRoles(trx, tenantId, groupId))) return [];
  // A member both added and removed by one request (in either order) is as it was: its edge stays as stored.
  const added = new Set(delta.added.map((member) => member.id));
  const removed = new Set(delta.removed.map((member) => member.id));
  const net = (ids: Set<string>, other: Set<string>): string[] => [...ids].filter((id) => !other.has(id));
  const users = await usersAtOrUnder(trx, tenantId, touched);
  const before = await roleValuesOf(trx, tenantId, users, { groupId, added: net(added, removed), removed: net(removed, added) });
  return roleChangesBetween(before, await roleValuesOf(trx, tenantId, users));
}

/** The users under a group with their role values: taken before a change of the group's mappings or its deletion. */
export interface RoleSnapshot {
  readonly users: readonly string[];
  readonly values: ReadonlyMap<string, UserRoleValues>;
}

/**
 * The role values of every user under `groupId` (nested groups included), before a change that can move them;
 * undefined when the group and the groups above it carry no role, unless `always` (a mapping about to be added).
 */
export async function snapshotUnderGroup(trx: Knex, tenantId: string, groupId: string, always = false): Promise<RoleSnapshot | undefined> {
  if (!always && !(await groupCarriesRoles(trx, tenantId, groupId))) return undefined;
  const users = await usersAtOrUnder(trx, tenantId, [{ id: groupId, type: 'Group' }]);
  return { users, values: await roleValuesOf(trx, tenantId, users) };
}

/** The changes since `snapshot` for its users, marked with `extra` (such as `source: "admin"`). */
export async function roleChangesSince(trx: Knex, tenantId: string, snapshot: RoleSnapshot | undefined, extra: Readonly<Record<string, unknown>> = {}): Promise<NewChange[]> {
  if (!snapshot || snapshot.users.length === 0) return [];
  return roleChangesBetween(snapshot.values, await roleValuesOf(trx, tenantId, snapshot.users), extra);
}

/** The distinct `value`s of a user document's `roles`, sorted. */
export function directRoleValues(doc: Readonly<Record<string, unknown>>): string[] {
  const roles = doc.roles;
  if (!Array.isArray(roles)) return [];
  const values = roles
    .map((element: unknown) => (typeof element === 'object' && element !== null ? (element as Record<string, unknown>).value : undefined))
    .filter((value): value is string => typeof value === 'string');
  return [...new Set(values)].sort();
}

type UserColumns = Pick<UserRow, 'id' | 'user_name' | 'external_id' | 'active'>;

function valuesOf(user: UserColumns, roles: readonly string[]): UserRoleValues {
  return { userName: user.user_name, externalId: user.external_id, active: user.active, roles };
}

/** `user.roles.changed` for a user created with roles (it belongs to no group yet), or undefined. */
export function createdRolesChange(user: UserColumns, doc: Readonly<Record<string, unknown>>): NewChange | undefined {
  return rolesChange(user.id, [], valuesOf(user, directRoleValues(doc)), {});
}

/**
 * `user.roles.changed` for a change of a user's own `roles` (`before` → `after` documents), or undefined. The
 * roles of its groups are read only when its own role values moved (one statement); a value it also holds through
 * a group has not changed.
 */
export async function ownRolesChange(
  db: Knex,
  tenantId: string,
  user: UserColumns,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): Promise<NewChange | undefined> {
  const had = directRoleValues(before);
  const has = directRoleValues(after);
  if (had.length === has.length && had.every((value, index) => value === has[index])) return undefined;
  const viaGroups = await groupRoleValuesOf(db, tenantId, user.id);
  const now = [...new Set([...has, ...viaGroups])].sort();
  return rolesChange(user.id, [...new Set([...had, ...viaGroups])], valuesOf(user, now), {});
}
