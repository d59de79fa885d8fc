/**
 * The groups a user is in for the admin UI's user page: direct memberships and those through nested groups, each
 * indirect one with the user's groups that are its direct members, so the page can say through which group.
 */
import type { Knex } from 'knex';
import { groupsOfMember } from './nested-membership-queries.js';
import { resultRows } from './result-rows.js';

/** A group a user is in, and through which of the user's other groups when indirect. */
export interface AdminUserGroup {
  readonly id: string;
  readonly displayName: string;
  /** `direct`: the user is a member; `indirect`: through a nested group. */
  readonly type: 'direct' | 'indirect';
  /** For an indirect group, the user's groups that are its direct members (empty for a direct one). */
  readonly via: readonly { readonly id: string; readonly displayName: string }[];
}

/** At most this many groups are shown on a user's page; a user in more is a data problem to see elsewhere. */
const MAX_GROUPS = 1000;

/** The groups `userId` is in, directly and through nesting, sorted by name. */
export async function userGroupsForAdmin(db: Knex, tenantId: string, userId: string): Promise<AdminUserGroup[]> {
  const groups = (await groupsOfMember(db, tenantId, userId, true)).slice(0, MAX_GROUPS);
  const names = new Map(groups.map((g) => [g.id, g.displayName]));
  const indirect = groups.filter((g) => g.type === 'indirect').map((g) => g.id);
  const via = new Map<string, { id: string; displayName: string }[]>();
  if (indirect.length > 0) {
    // The nesting edges among the user's own groups: which of them are direct members of each indirect one.
    const edges = resultRows<{ group_id: string; member_id: string }>(
      await db('scim_memberships')
        .where({ tenant_id: tenantId, member_type: 'Group' })
        .whereIn('group_id', indirect)
        .whereIn('member_id', [...names.keys()])
        .select(db.raw('group_id::text as group_id'), db.raw('member_id::text as member_id')),
    );
    for (const edge of edges) {
      const list = via.get(edge.group_id) ?? [];
      list.push({ id: edge.member_id, displayName: names.get(edge.member_id) ?? edge.member_id });
      via.set(edge.group_id, list);
    }
  }
  return groups.map((g) => ({
    id: g.id,
    displayName: g.displayName,
    type: g.type,
    via: (via.get(g.id) ?? []).sort((a, b) => a.displayName.localeCompare(b.displayName)),
  }));
}
