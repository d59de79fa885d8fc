/**
 * How many users and groups a tenant has: for the host's read API (`scim.directory.counts`) and the admin status
 * panel. One statement of five index-only counts (two more for the host's view of held changes).
 */
import type { Knex } from 'knex';
import { firstRow } from './result-rows.js';

/** How many resources a tenant has (live ones; tombstones apart). */
export interface DirectoryCounts {
  readonly users: number;
  readonly activeUsers: number;
  readonly groups: number;
  /** Tombstones kept by the `softDelete` option. */
  readonly deletedUsers: number;
  readonly deletedGroups: number;
}

/**
 * Held by the deprovisioning guard (`scim_deprovisions`): all, and deletions. Each held user is active in the host's
 * view, and a held deletion's tombstone is a live user there.
 */
const HELD = `,
         (select count(*) from scim_deprovisions where tenant_id = :tenantId and held) as held,
         (select count(*) from scim_deprovisions where tenant_id = :tenantId and held and kind = 'delete') as held_deletions`;

/**
 * Counts a tenant's live users (all and active), live groups, and tombstones: as the SCIM API sees them, or with
 * `hostView` as the host's read API does (users whose deactivation or deletion is held count as they were).
 */
export async function countDirectory(db: Knex, tenantId: string, options: { readonly hostView?: boolean } = {}): Promise<DirectoryCounts> {
  // snake_case aliases, as result-rows.ts reads every row back under the names the statement selected.
  const row = firstRow<Record<'users' | 'active_users' | 'groups' | 'deleted_users' | 'deleted_groups' | 'held' | 'held_deletions', string | number>>(
    await db.raw(
      `select
         (select count(*) from scim_users where tenant_id = :tenantId and deleted_at is null) as users,
         (select count(*) from scim_users where tenant_id = :tenantId and deleted_at is null and active) as active_users,
         (select count(*) from scim_groups where tenant_id = :tenantId and deleted_at is null) as groups,
         (select count(*) from scim_users where tenant_id = :tenantId and deleted_at is not null) as deleted_users,
         (select count(*) from scim_groups where tenant_id = :tenantId and deleted_at is not null) as deleted_groups${options.hostView ? HELD : ''}`,
      { tenantId },
    ),
  );
  const held = Number(row?.held ?? 0);
  const heldDeletions = Number(row?.held_deletions ?? 0);
  return {
    users: Number(row?.users ?? 0) + heldDeletions,
    activeUsers: Number(row?.active_users ?? 0) + held,
    groups: Number(row?.groups ?? 0),
    deletedUsers: Number(row?.deleted_users ?? 0) - heldDeletions,
    deletedGroups: Number(row?.deleted_groups ?? 0),
  };
}
