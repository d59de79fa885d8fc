/**
 * `scim.directory`: the host's typed, tenant-scoped read API over what identity providers provisioned. Reads run
 * on the directory's knex, outside any SCIM request; nothing here writes.
 */
import type { ProvisioningDeps } from '../provisioning/provisioning-deps.js';
import { GroupsReader } from './groups-reader.js';
import type { DirectoryCounts } from './types.js';
import { UsersReader } from './users-reader.js';

/** The read API. */
export interface DirectoryReader {
  readonly users: UsersReader;
  readonly groups: GroupsReader;
  /** How many users (all, active) and groups a tenant has, and how many tombstones are kept. */
  counts(tenantId: string): Promise<DirectoryCounts>;
}

/** Builds the read API on the use cases' dependencies (schema registry, projection, options). */
export function createDirectoryReader(deps: ProvisioningDeps): DirectoryReader {
  return Object.freeze({
    users: new UsersReader(deps),
    groups: new GroupsReader(deps),
    async counts(tenantId: string): Promise<DirectoryCounts> {
      const result = await deps.knex.raw<{ rows: Record<keyof DirectoryCounts, string | number>[] }>(
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
    },
  });
}
