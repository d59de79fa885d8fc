/**
 * `User.groups` (RFC 7643 §4.1.2) read in the same statement as the users themselves: a correlated subquery over
 * the member index `(tenant_id, member_id)` that aggregates a user's direct groups into one JSON array. Reading a
 * user, a page of users or a written user's row then costs one round trip instead of two (the rows, then their
 * groups), which is most of what a `userName eq` lookup costs.
 */
import { liveIdCondition } from './live-id-condition.js';

/** A direct group of a user as the column holds it. */
export interface DirectGroupRow {
  readonly id: string;
  readonly display: string;
}

/** The name of the column {@link directGroupsColumn} adds. */
export const DIRECT_GROUPS = 'direct_groups';

/**
 * SQL for a select-list item `direct_groups`: the direct groups of the user row aliased `alias` (`id`, `display`),
 * in group creation order, `[]` when there are none. The alias is the caller's own constant, never client input.
 */
export function directGroupsColumn(alias: string): string {
  // The member ids come from their own subquery rather than a join: PostgreSQL plans two single-table reads for
  // less than a join of the two tables, and this runs with every read of a user.
  return `(select coalesce(json_agg(json_build_object('id', g.id, 'display', g.display_name) order by g.seq), '[]'::json)
             from scim_groups g
            where g.tenant_id = ${alias}.tenant_id and ${liveIdCondition('g')}
              and g.id = any (array(select gm.group_id from scim_memberships gm where gm.tenant_id = ${alias}.tenant_id and gm.member_id = ${alias}.id))) as ${DIRECT_GROUPS}`;
}
