/**
 * Group memberships in `scim_memberships` as SQL set operations (DESIGN.md §3): inserts with `on conflict do
 * nothing`, targeted deletes, replace as "delete what is not wanted + insert what is missing". A group's member list
 * is never read, modified in memory and written back: that is slow for large groups and loses members when PATCHes
 * of one group run concurrently.
 */
import type { Knex } from 'knex';
import { insertChangesSelectedSql } from './change-rows.js';
import { liveIdCondition } from './live-id-condition.js';
import { resultRows } from './result-rows.js';

/** The type of a member (RFC 7643 §4.2 `members.type`). */
export type MemberType = 'User' | 'Group';

/** A member of a group. */
export interface MemberRef {
  readonly id: string;
  readonly type: MemberType;
}

/** A member with the display name of the user or group it is (RFC 7643 §4.2 `members.display`). */
export interface MemberWithDisplay extends MemberRef {
  readonly display: string | null;
}

/** Ids per statement when member references are resolved: each statement locks and returns at most this many rows. */
const CHUNK = 5000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

interface MemberRow {
  member_id: string;
  member_type: MemberType;
}

const toRef = (row: MemberRow): MemberRef => ({ id: row.member_id, type: row.member_type });

/**
 * Which of `ids` are users or groups of this tenant: one statement for the whole batch. Ids of other tenants or of
 * nothing are simply absent from the result. The rows found are locked `for key share` until the transaction
 * ends, so a concurrent DELETE of a member waits for this write and then removes the new membership too, instead
 * of leaving a membership of a resource that no longer exists.
 */
export async function resolveMemberIds(db: Knex, tenantId: string, ids: readonly string[]): Promise<Map<string, MemberType>> {
  const found = new Map<string, MemberType>();
  for (const batch of chunks([...new Set(ids)])) {
    const result = await db.raw(
      // One index probe per id (a lateral lookup each): `id = any(array)` was planned, on a table not yet analysed
      // (a directory just imported), as a read of the tenant's whole id index with the array as a filter.
      `with u as (select x.id from unnest(?::uuid[]) as k(id)
                    cross join lateral (select s.id from scim_users s where s.tenant_id = ? and s.id = k.id and ${liveIdCondition('s')} for key share) as x),
            g as (select x.id from unnest(?::uuid[]) as k(id)
                    cross join lateral (select s.id from scim_groups s where s.tenant_id = ? and s.id = k.id and ${liveIdCondition('s')} for key share) as x)
       select id::text as id, 'User' as type from u
       union all
       select id::text, 'Group' from g`,
      [batch, tenantId, batch, tenantId],
    );
    for (const row of resultRows<{ id: string; type: MemberType }>(result)) found.set(row.id, row.type);
  }
  return found;
}

/**
 * The first of `candidateGroupIds` whose membership in `groupId` would close a cycle: the candidate is the group
 * itself, or one of its ancestors (a group that contains `groupId`, directly or through nested groups). The walk
 * goes upwards from `groupId` through the member index `(tenant_id, member_id)`, so its cost is the number of
 * ancestors, never the size of any group: a group of 100 000 users is not scanned to find its few group members.
 * The caller takes {@link lockGroupGraph} first so that two concurrent changes cannot each close half a cycle.
 */
export async function findCycleMember(db: Knex, tenantId: string, groupId: string, candidateGroupIds: readonly string[]): Promise<string | undefined> {
  if (candidateGroupIds.includes(groupId)) return groupId;
  if (candidateGroupIds.length === 0) return undefined;
  const result = await db.raw(
    `with recursive ancestors(group_id) as (
       select ?::uuid
       union
       select m.group_id from ancestors a join scim_memberships m on m.tenant_id = ? and m.member_id = a.group_id
     )
     select c.id::text as id from unnest(?::uuid[]) with ordinality as c(id, position)
      where c.id in (select group_id from ancestors)
      order by c.position limit 1`,
    [groupId, tenantId, [...new Set(candidateGroupIds)]],
  );
  return resultRows<{ id: string }>(result)[0]?.id;
}

/** Serialises changes to a tenant's nested-group graph until the transaction ends. */
export async function lockGroupGraph(db: Knex, tenantId: string): Promise<void> {
  await db.raw(`select pg_advisory_xact_lock(hashtext(?))`, [`scim-group-graph:${tenantId}`]);
}

/**
 * A membership write (SQL returning `member_id, member_type`) that appends, in the same statement, one change row
 * per member it added or removed: the group as the resource, the member in `data`. Bindings: the write's, then
 * {@link recordedBindings}.
 */
function recorded(write: string, type: 'group.member_added' | 'group.member_removed'): string {
  const rows = insertChangesSelectedSql(
    `select ?, '${type}', 'Group', ?::uuid, jsonb_build_object('memberId', w.member_id, 'memberType', w.member_type) from w`,
  );
  return `with w as (${write}), c as (${rows}) select member_id, member_type from w`;
}

function recordedBindings(tenantId: string, groupId: string): Knex.Value[] {
  return [tenantId, groupId];
}

/** Adds members that are not members yet, recording each in the change feed; returns those actually added. */
export async function addMembers(db: Knex, tenantId: string, groupId: string, members: readonly MemberRef[]): Promise<MemberRef[]> {
  if (members.length === 0) return [];
  const result = await db.raw(
    recorded(
      `insert into scim_memberships (tenant_id, group_id, member_id, member_type)
       select ?, ?, u.id, u.type from unnest(?::uuid[], ?::text[]) as u(id, type)
       on conflict (tenant_id, group_id, member_id) do nothing
       returning member_id, member_type`,
      'group.member_added',
    ),
    [tenantId, groupId, members.map((m) => m.id), members.map((m) => m.type), ...recordedBindings(tenantId, groupId)],
  );
  return resultRows<MemberRow>(result).map(toRef);
}

/** Removes the given members, recording each in the change feed; returns those that were members. */
export async function removeMembers(db: Knex, tenantId: string, groupId: string, memberIds: readonly string[]): Promise<MemberRef[]> {
  if (memberIds.length === 0) return [];
  const result = await db.raw(
    recorded(
      `delete from scim_memberships m using (${GROUP_MEMBER_KEYS_SQL}) as k
        where m.ctid = k.row_id and m.tenant_id = ? and m.group_id = ?
    returning m.member_id, m.member_type`,
      'group.member_removed',
    ),
    [...groupMemberKeysBindings(tenantId, groupId, [...new Set(memberIds)]), tenantId, groupId, ...recordedBindings(tenantId, groupId)],
  );
  return resultRows<MemberRow>(result).map(toRef);
}

/**
 * SQL for `k(row_id)`: the row addresses (`ctid`) of the given ids' memberships in one group, each found by its own
 * primary-key probe (a lateral lookup, locked `for update`, which also keeps the planner from folding it into a
 * join) — for deleting several members by `m.ctid = k.row_id`, which stays a probe per row. `member_id = any(array)`
 * was planned, on a table not yet analysed or for a tenant the last ANALYZE did not see, as a read of the whole group
 * with the array as a filter, and a join on `member_id` as a read of the whole group per id. The rows are locked
 * until the statement's transaction ends, so their addresses cannot change before the delete. Bindings:
 * {@link groupMemberKeysBindings}.
 */
export const GROUP_MEMBER_KEYS_SQL = `select x.row_id from unnest(?::uuid[]) as u(id)
    cross join lateral (select s.ctid as row_id from scim_memberships s
                         where s.tenant_id = ? and s.group_id = ? and s.member_id = u.id for update) as x`;

/** The bindings of {@link GROUP_MEMBER_KEYS_SQL}. */
export function groupMemberKeysBindings(tenantId: string, groupId: string, memberIds: readonly string[]): Knex.Value[] {
  return [[...memberIds], tenantId, groupId];
}

const DELETE_ALL = 'delete from scim_memberships where tenant_id = ? and group_id = ? returning member_id, member_type';

/**
 * Removes every member of a group; returns them. `recorded`: each removal goes into the change feed (a client's
 * change of the member list); not when the group itself goes and its own change row says so.
 */
export async function removeAllMembers(db: Knex, tenantId: string, groupId: string, options: { readonly recorded: boolean }): Promise<MemberRef[]> {
  const result = options.recorded
    ? await db.raw(recorded(DELETE_ALL, 'group.member_removed'), [tenantId, groupId, ...recordedBindings(tenantId, groupId)])
    : await db.raw(DELETE_ALL, [tenantId, groupId]);
  return resultRows<MemberRow>(result).map(toRef);
}

/**
 * Makes `members` the whole member list: deletes the members not in it, inserts the missing ones, recording each in
 * the change feed.
 */
export async function replaceMembers(
  db: Knex,
  tenantId: string,
  groupId: string,
  members: readonly MemberRef[],
): Promise<{ added: MemberRef[]; removed: MemberRef[] }> {
  const wanted = [...new Set(members.map((m) => m.id))];
  const removedRows = await db.raw(
    recorded(
      'delete from scim_memberships where tenant_id = ? and group_id = ? and not (member_id = any(?::uuid[])) returning member_id, member_type',
      'group.member_removed',
    ),
    [tenantId, groupId, wanted, ...recordedBindings(tenantId, groupId)],
  );
  const added = await addMembers(db, tenantId, groupId, members);
  return { added, removed: resultRows<MemberRow>(removedRows).map(toRef) };
}

/**
 * Removes a user or group from every group it is a member of (when it is deleted); returns the ids of those groups.
 */
export async function removeFromAllGroups(db: Knex, tenantId: string, memberId: string): Promise<string[]> {
  const rows = await db('scim_memberships').where({ tenant_id: tenantId, member_id: memberId }).delete().returning(['group_id']);
  return resultRows<{ group_id: string }>(rows).map((row) => row.group_id);
}

/** Members read per statement when a member list is read in pieces (see {@link listMembersAfter}). */
export const MEMBER_BATCH = 1000;

const MEMBER_SELECT = `m.member_id::text as id, m.member_type as type, coalesce(u.display_name, u.user_name, g.display_name) as display
       from scim_memberships m
       left join scim_users u on m.member_type = 'User' and u.tenant_id = m.tenant_id and u.id = m.member_id
       left join scim_groups g on m.member_type = 'Group' and g.tenant_id = m.tenant_id and g.id = m.member_id`;

/**
 * Up to `limit` members of each of `groupIds` with their display names (user displayName, else userName; group
 * displayName), in member-id order: the primary key's order, so a list continues with {@link listMembersAfter}
 * from the last id without sorting anything. One statement for a whole page of groups (a lateral join per group).
 * Default `limit`: no limit.
 */
export async function listMembers(
  db: Knex,
  tenantId: string,
  groupIds: readonly string[],
  limit?: number,
): Promise<Map<string, MemberWithDisplay[]>> {
  const byGroup = new Map<string, MemberWithDisplay[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return byGroup;
  const result = await db.raw(
    `select p.id::text as group_id, x.*
       from unnest(?::uuid[]) as p(id)
       cross join lateral (
         select ${MEMBER_SELECT}
          where m.tenant_id = ? and m.group_id = p.id
          order by m.member_id
          ${limit === undefined ? '' : 'limit ?'}
       ) x`,
    limit === undefined ? [[...new Set(groupIds)], tenantId] : [[...new Set(groupIds)], tenantId, limit],
  );
  for (const { group_id: groupId, ...member } of resultRows<MemberWithDisplay & { group_id: string }>(result)) byGroup.get(groupId)?.push(member);
  return byGroup;
}

/**
 * The next `limit` members of a group after member id `afterId` (exclusive; undefined: from the start), in
 * member-id order: a range scan of the primary key, so reading a 100 000-member group in batches costs the same
 * per batch at its end as at its start.
 */
export async function listMembersAfter(db: Knex, tenantId: string, groupId: string, afterId: string | undefined, limit: number): Promise<MemberWithDisplay[]> {
  const result = await db.raw(
    `select ${MEMBER_SELECT}
      where m.tenant_id = ? and m.group_id = ?::uuid ${afterId === undefined ? '' : 'and m.member_id > ?::uuid'}
      order by m.member_id
      limit ?`,
    afterId === undefined ? [tenantId, groupId, limit] : [tenantId, groupId, afterId, limit],
  );
  return resultRows<MemberWithDisplay>(result);
}

/** The groups each of `memberIds` is a direct member of, with their display names; one indexed statement. */
export async function listDirectGroups(db: Knex, tenantId: string, memberIds: readonly string[]): Promise<Map<string, { id: string; display: string }[]>> {
  const byMember = new Map<string, { id: string; display: string }[]>(memberIds.map((id) => [id, []]));
  if (memberIds.length === 0) return byMember;
  const result = await db.raw(
    // A lateral lookup per member id, as in resolveMemberIds: `member_id = any(array)` could be planned as a read
    // of the tenant's whole member index before the first ANALYZE. `offset 0` keeps the planner from pulling the
    // lookup up into one join (which it then ran as a hash join over every member of the groups).
    `select k.id::text as member_id, x.id::text as id, x.display
       from unnest(?::uuid[]) as k(id)
       cross join lateral (select g.id, g.display_name as display, g.seq
                             from scim_memberships m join scim_groups g on g.tenant_id = m.tenant_id and g.id = m.group_id
                            where m.tenant_id = ? and m.member_id = k.id and ${liveIdCondition('g')}
                            offset 0) as x
      order by k.id, x.seq`,
    [[...new Set(memberIds)], tenantId],
  );
  for (const { member_id: memberId, ...group } of resultRows<{ member_id: string; id: string; display: string }>(result)) byMember.get(memberId)?.push(group);
  return byMember;
}
