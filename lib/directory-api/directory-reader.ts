/**
 * `scim.directory`: the host's typed, tenant-scoped read API over what identity providers provisioned. Reads run
 * on the directory's knex, outside any SCIM request; nothing here writes.
 */
import type { ProvisioningDeps } from '../provisioning/provisioning-deps.js';
import { countDirectory } from '../store/directory-counts.js';
import { GroupsReader } from './groups-reader.js';
import type { TenantDeps } from './resource-reader.js';
import type { DirectoryCounts } from './read-api-types.js';
import { UsersReader } from './users-reader.js';

/** The read API. */
export interface DirectoryReader {
  readonly users: UsersReader;
  readonly groups: GroupsReader;
  /** How many users (all, active) and groups a tenant has, and how many tombstones are kept. */
  counts(tenantId: string): Promise<DirectoryCounts>;
}

/**
 * Builds the read API on the use cases' dependencies (schema registry, projection, options); `tenantDeps` gives a
 * tenant's own (its extension schemas), for reads that name attributes.
 */
export function createDirectoryReader(deps: ProvisioningDeps, tenantDeps?: TenantDeps): DirectoryReader {
  return Object.freeze({
    users: new UsersReader(deps, tenantDeps),
    groups: new GroupsReader(deps, tenantDeps),
    counts: (tenantId: string): Promise<DirectoryCounts> => countDirectory(deps.knex, tenantId, { hostView: true }),
  });
}
