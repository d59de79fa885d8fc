/**
 * How many users and groups a tenant has: for the host's read API (`scim.directory.counts`) and the admin status
 * panel. One statement of five index-only counts.
 */
import type { Knex } from 'knex';

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
  const result = await db.raw<{ rows: Record<keyof DirectoryCounts, string | number>[] }>(
    `select
       (select count(*) from scim_users where tenant_id = :tenantId and deleted_at is null) as "users",
       (select count(*) from scim_users where tenant_id = :tenantId and deleted_at is null and active) as "activeUsers",
       (select count(*) from scim_groups where tenant_id = :tenantId and deleted_at is null) as "groups",
       (select count(*) from scim_users where tenant_id = :tenantId and deleted_at is not null) as "deletedUsers",
       (select count(*) from scim_groups where tenant_id = :tenantId and deleted_at is not null) as "deletedGroups"`,
    { tenantId },
  );
  const row = result.rows[0];
  return {
    users: Number(row?.users ?? 0),
    activeUsers: Number(row?.activeUsers ?? 0),
    groups: Number(row?.groups ?? 0),
    deletedUsers: Number(row?.deletedUsers ?? 0),
    deletedGroups: Number(row?.deletedGroups ?? 0),
  };
}
