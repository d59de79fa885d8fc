/**
 * Nested-group questions as recursive SQL over `scim_memberships`: the groups a user or group belongs to, directly
 * or through nested groups (walking up the member index `(tenant_id, member_id)`), and a group's members to any
 * depth (walking down the primary key `(tenant_id, group_id, member_id)`). `union` rather than `union all` keeps
 * each group once, so a walk ends even on a cycle (writes refuse cycles, but a reader should not hang on one).
 * Deleted groups and tombstones have no membership rows, so they never appear.
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from './result-rows.js';

/** A group a user belongs to (RFC 7643 §4.1.2 `groups`: `direct`, or `indirect` through nested groups). */
export interface UserGroupRef {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly type: 'direct' | 'indirect';
}

/** A member of a group. */
export interface GroupMemberRef {
  readonly id: string;
  readonly type: 'User' | 'Group';
  /** A user's displayName (else userName), or a group's displayName. */
  readonly display: string | null;
  /** `direct`, or `indirect` through a nested group. */
  readonly membership: 'direct' | 'indirect';
}

/** Which members of a group. */
export interface MemberQueryOptions {
  /** Include members of nested groups, to any depth. Default false. */
  readonly transitive?: boolean;
  /** Only users or only groups. Default both. */
  readonly type?: 'User' | 'Group';
}

/** The groups `memberId` (a user or group) belongs to: `direct` ones and, if asked, `indirect` ones. */
export async function groupsOfMember(db: Knex, tenantId: string, memberId: string, transitive: boolean): Promise<UserGroupRef[]> {
  const reach = transitive
    ? `with recursive up(group_id) as (
         select group_id from scim_memberships where tenant_id = :tenantId and member_id = :memberId::uuid
         union
         select m.group_id from up join scim_memberships m on m.tenant_id = :tenantId and m.member_id = up.group_id
       )`
    : `with up(group_id) as (select group_id from scim_memberships where tenant_id = :tenantId and member_id = :memberId::uuid)`;
  const result = await db.raw(
    `${reach}
     select g.id::text as id, g.display_name, g.external_id,
            exists (select 1 from scim_memberships d
                     where d.tenant_id = :tenantId and d.group_id = g.id and d.member_id = :memberId::uuid) as direct
       from up join scim_groups g on g.tenant_id = :tenantId and g.id = up.group_id and g.deleted_at is null
      order by g.display_name_key, g.seq`,
    { tenantId, memberId },
  );
  return resultRows<{ id: string; display_name: string; external_id: string | null; direct: boolean }>(result).map((row) => ({
    id: row.id,
    displayName: row.display_name,
    externalId: row.external_id,
    type: row.direct ? 'direct' : 'indirect',
  }));
}

/** The member set of a group as a CTE named `members(member_id, member_type, direct)`. */
function memberSet(transitive: boolean): string {
  if (!transitive) {
    return `with members(member_id, member_type, direct) as (
              select member_id, member_type, true from scim_memberships where tenant_id = :tenantId and group_id = :groupId::uuid
            )`;
  }
  return `with recursive down(member_id, member_type) as (
            select member_id, member_type from scim_memberships where tenant_id = :tenantId and group_id = :groupId::uuid
            union
            select m.member_id, m.member_type from down join scim_memberships m
                on m.tenant_id = :tenantId and m.group_id = down.member_id
             where down.member_type = 'Group'
          ),
          members(member_id, member_type, direct) as (
            select d.member_id, d.member_type,
                   exists (select 1 from scim_memberships x
                            where x.tenant_id = :tenantId and x.group_id = :groupId::uuid and x.member_id = d.member_id)
              from down d
             where d.member_id <> :groupId::uuid
          )`;
}

function typeCondition(type: MemberQueryOptions['type']): string {
  return type === undefined ? '' : 'and member_type = :type';
}

/** A page of a group's members in member-id order, after `afterId`. */
export async function membersOfGroup(
  db: Knex,
  tenantId: string,
  groupId: string,
  options: MemberQueryOptions & { readonly afterId?: string; readonly limit: number },
): Promise<GroupMemberRef[]> {
  const result = await db.raw(
    `${memberSet(options.transitive === true)}
     select s.member_id::text as id, s.member_type as type, s.direct,
            coalesce(u.display_name, u.user_name, g.display_name) as display
       from (select * from members
              where true ${typeCondition(options.type)} ${options.afterId === undefined ? '' : 'and member_id > :afterId::uuid'}
              order by member_id limit :limit) s
       left join scim_users u on s.member_type = 'User' and u.tenant_id = :tenantId and u.id = s.member_id
       left join scim_groups g on s.member_type = 'Group' and g.tenant_id = :tenantId and g.id = s.member_id
      order by s.member_id`,
    { tenantId, groupId, limit: options.limit, ...(options.type ? { type: options.type } : {}), ...(options.afterId ? { afterId: options.afterId } : {}) },
  );
  const rows = resultRows<{ id: string; type: 'User' | 'Group'; display: string | null; direct: boolean }>(result);
  return rows.map((row) => ({ id: row.id, type: row.type, display: row.display, membership: row.direct ? 'direct' : 'indirect' }));
}

/** How many members a group has (distinct, at any depth when transitive). */
export async function countMembers(db: Knex, tenantId: string, groupId: string, options: MemberQueryOptions): Promise<number> {
  const result = await db.raw(
    `${memberSet(options.transitive === true)} select count(*) as count from members where true ${typeCondition(options.type)}`,
    { tenantId, groupId, ...(options.type ? { type: options.type } : {}) },
  );
  return Number(firstRow<{ count: string | number }>(result)?.count ?? 0);
}

/** Whether `memberId` is a member of `groupId`, directly or (when transitive) through nested groups. */
export async function isMemberOf(db: Knex, tenantId: string, groupId: string, memberId: string, transitive: boolean): Promise<boolean> {
  if (!transitive) {
    const row = firstRow<{ member_id: string }>(await db('scim_memberships').where({ tenant_id: tenantId, group_id: groupId, member_id: memberId }).first('member_id'));
    return row !== undefined;
  }
  // Walking up from the member visits its few ancestors, never the (possibly huge) member lists of groups.
  const result = await db.raw(
    `with recursive up(group_id) as (
       select group_id from scim_memberships where tenant_id = :tenantId and member_id = :memberId::uuid
       union
       select m.group_id from up join scim_memberships m on m.tenant_id = :tenantId and m.member_id = up.group_id
     )
     select exists (select 1 from up where group_id = :groupId::uuid) as found`,
    { tenantId, groupId, memberId },
  );
  return firstRow<{ found: boolean }>(result)?.found === true;
}
