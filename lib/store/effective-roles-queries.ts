/**
 * A user's effective roles as SQL: the `value`s of its own `roles` attribute (RFC 7643 §4.1.2) and the roles mapped
 * to any group it belongs to, directly or through nested groups (walking up the member index
 * `(tenant_id, member_id)`, so the cost is the number of groups above the user, never the size of a group). The
 * read API asks for one user with the path to each mapped group; the change feed asks for the role values of the
 * users a write touched, before and after it.
 */
import type { Knex } from 'knex';
import { liveIdCondition } from './live-id-condition.js';
import { firstRow, resultRows } from './result-rows.js';

/** Longest chain of nested groups walked for a path; deeper nesting than this is not a directory anyone builds. */
const MAX_DEPTH = 64;

/** A group on the way from a user to a mapped group. */
export interface RolePathStep {
  readonly id: string;
  readonly displayName: string;
}

/** One role a user holds through a mapped group: the group, and the groups from the user's own group up to it. */
export interface GroupRoleGrant {
  readonly role: string;
  readonly groupId: string;
  /** From the group the user is a direct member of to the mapped group (one step when the user is in it directly). */
  readonly path: readonly RolePathStep[];
}

/** What a user's effective roles are made of, or undefined when there is no such live user. */
export interface UserRoleSources {
  /** The elements of the user's own `roles` attribute, as stored. */
  readonly direct: readonly Readonly<Record<string, unknown>>[];
  /** Roles through mapped groups, by role then group id; the shortest path to each mapped group. */
  readonly viaGroups: readonly GroupRoleGrant[];
}

function parsedJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** The sources of one user's effective roles; two statements. */
export async function roleSourcesOfUser(db: Knex, tenantId: string, userId: string): Promise<UserRoleSources | undefined> {
  const user = firstRow<{ roles: unknown }>(
    await db.raw(`select doc -> 'roles' as roles from scim_users where tenant_id = ? and id = ? and ${liveIdCondition()}`, [tenantId, userId]),
  );
  if (!user) return undefined;
  const roles = parsedJson(user.roles);
  const direct = Array.isArray(roles) ? roles.filter((element): element is Record<string, unknown> => typeof element === 'object' && element !== null) : [];
  const result = await db.raw(
    `with recursive up(group_id, path) as (
       select m.group_id, array[m.group_id] from scim_memberships m where m.tenant_id = :tenantId and m.member_id = :userId::uuid
       union all
       select m.group_id, up.path || m.group_id from up join scim_memberships m on m.tenant_id = :tenantId and m.member_id = up.group_id
        where m.group_id <> all (up.path) and cardinality(up.path) < ${MAX_DEPTH}
     ),
     reached as (
       select distinct on (r.role, up.group_id) r.role, up.group_id, up.path
         from up join scim_group_role_mappings r on r.tenant_id = :tenantId and r.group_id = up.group_id
        order by r.role, up.group_id, cardinality(up.path)
     )
     select x.role, x.group_id::text as group_id,
            (select json_agg(json_build_object('id', g.id::text, 'displayName', g.display_name) order by p.ord)
               from unnest(x.path) with ordinality as p(id, ord) join scim_groups g on g.tenant_id = :tenantId and g.id = p.id) as path
       from reached x
      order by x.role, x.group_id`,
    { tenantId, userId },
  );
  const viaGroups = resultRows<{ role: string; group_id: string; path: unknown }>(result).map((row) => ({
    role: row.role,
    groupId: row.group_id,
    path: (parsedJson(row.path) as RolePathStep[] | null) ?? [],
  }));
  return { direct, viaGroups };
}

/**
 * The membership graph as it was before a write changed one group's direct members: the edges `group → member` of
 * `added` did not exist, those of `removed` did. Lets the role values before a membership change be computed after
 * it, from the delta alone.
 */
export interface GraphBefore {
  readonly groupId: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** A user's key columns and sorted, distinct effective role values. */
export interface UserRoleValues {
  readonly userName: string;
  readonly externalId: string | null;
  readonly active: boolean;
  readonly roles: readonly string[];
}

const NO_GROUP = '00000000-0000-0000-0000-000000000000';

/** The effective role values of live users `userIds`, over the graph as it is or (with `before`) as it was. */
export async function roleValuesOf(db: Knex, tenantId: string, userIds: readonly string[], before?: GraphBefore): Promise<Map<string, UserRoleValues>> {
  const values = new Map<string, UserRoleValues>();
  if (userIds.length === 0) return values;
  // One edge query for both walks: the stored edges less `added`, plus `removed` as edges of `groupId`.
  const edges = (member: string): string => `(select m.group_id from scim_memberships m
        where m.tenant_id = :tenantId and m.member_id = ${member} and not (m.group_id = :groupId::uuid and m.member_id = any (:added::uuid[]))
        union all
       select :groupId::uuid where ${member} = any (:removed::uuid[]))`;
  const result = await db.raw(
    `with recursive users as (
       select s.id, s.user_name, s.external_id, s.active, s.doc from unnest(:userIds::uuid[]) as k(id)
        cross join lateral (select * from scim_users s where s.tenant_id = :tenantId and s.id = k.id and ${liveIdCondition('s')}) as s
     ),
     up(user_id, group_id) as (
       select u.id, e.group_id from users u cross join lateral ${edges('u.id')} as e(group_id)
       union
       select up.user_id, e.group_id from up cross join lateral ${edges('up.group_id')} as e(group_id)
     ),
     granted(user_id, role) as (
       select up.user_id, r.role from up join scim_group_role_mappings r on r.tenant_id = :tenantId and r.group_id = up.group_id
       union
       select u.id, e.element ->> 'value' from users u
        cross join lateral jsonb_array_elements(case when jsonb_typeof(u.doc -> 'roles') = 'array' then u.doc -> 'roles' else '[]'::jsonb end) as e(element)
        where jsonb_typeof(e.element) = 'object' and e.element ->> 'value' is not null
     )
     select u.id::text as id, u.user_name, u.external_id, u.active,
            coalesce((select array_agg(g.role order by g.role) from granted g where g.user_id = u.id), '{}') as roles
       from users u`,
    {
      tenantId,
      userIds: [...new Set(userIds)],
      groupId: before?.groupId ?? NO_GROUP,
      added: [...(before?.added ?? [])],
      removed: [...(before?.removed ?? [])],
    },
  );
  for (const row of resultRows<{ id: string; user_name: string; external_id: string | null; active: boolean; roles: string[] }>(result)) {
    values.set(row.id, { userName: row.user_name, externalId: row.external_id, active: row.active, roles: row.roles });
  }
  return values;
}

/**
 * The users among `memberIds` and under the groups among them, to any depth (walking down the primary key
 * `(tenant_id, group_id, member_id)`): whose roles a change of those memberships can change.
 */
export async function usersAtOrUnder(db: Knex, tenantId: string, members: readonly { readonly id: string; readonly type: 'User' | 'Group' }[]): Promise<string[]> {
  const users = members.filter((member) => member.type === 'User').map((member) => member.id);
  const groups = [...new Set(members.filter((member) => member.type === 'Group').map((member) => member.id))];
  if (groups.length === 0) return [...new Set(users)];
  const result = await db.raw(
    `with recursive down(member_id, member_type) as (
       select x.member_id, x.member_type from unnest(?::uuid[]) as k(id)
        cross join lateral (select m.member_id, m.member_type from scim_memberships m where m.tenant_id = ? and m.group_id = k.id) as x
       union
       select m.member_id, m.member_type from down join scim_memberships m on m.tenant_id = ? and m.group_id = down.member_id
        where down.member_type = 'Group'
     )
     select member_id::text as id from down where member_type = 'User'`,
    [groups, tenantId, tenantId],
  );
  return [...new Set([...users, ...resultRows<{ id: string }>(result).map((row) => row.id)])];
}

/** The roles user `userId` holds through mapped groups alone (nested groups included), sorted; one statement. */
export async function groupRoleValuesOf(db: Knex, tenantId: string, userId: string): Promise<string[]> {
  const result = await db.raw(
    `with recursive up(group_id) as (
       select group_id from scim_memberships where tenant_id = :tenantId and member_id = :userId::uuid
       union
       select m.group_id from up join scim_memberships m on m.tenant_id = :tenantId and m.member_id = up.group_id
     )
     select distinct r.role from up join scim_group_role_mappings r on r.tenant_id = :tenantId and r.group_id = up.group_id
      order by r.role`,
    { tenantId, userId },
  );
  return resultRows<{ role: string }>(result).map((row) => row.role);
}
