/**
 * How many users and groups a tenant has: for the host's read API (`scim.directory.counts`) and the admin status
 * panel. One statement of five index-only counts.
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

/** Counts a tenant's live users (all and active), live groups, and tombstones. */
export async function countDirectory(db: Knex, tenantId: string): Promise<DirectoryCounts> {
  // snake_case aliases, as result-rows.ts reads every row back under the names the statement selected.
  const row = firstRow<Record<'users' | 'active_users' | 'groups' | 'deleted_users' | 'deleted_groups', string | number>>(
    await db.raw(
      `select
         (select count(*) from scim_users where tenant_id = :tenantId and deleted_at is null) as users,
         (select count(*) from scim_users where tenant_id = :tenantId and deleted_at is null and active) as active_users,
         (select count(*) from scim_groups where tenant_id = :tenantId and deleted_at is null) as groups,
         (select count(*) from scim_users where tenant_id = :tenantId and deleted_at is not null) as deleted_users,
         (select count(*) from scim_groups where tenant_id = :tenantId and deleted_at is not null) as deleted_groups`,
      { tenantId },
    ),
  );
  return {
    users: Number(row?.users ?? 0),
    activeUsers: Number(row?.active_users ?? 0),
    groups: Number(row?.groups ?? 0),
    deletedUsers: Number(row?.deleted_users ?? 0),
    deletedGroups: Number(row?.deleted_groups ?? 0),
  };
}
