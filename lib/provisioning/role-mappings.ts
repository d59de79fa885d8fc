/**
 * Groups mapped to roles, per tenant: an administrator maps a group to one of the roles declared for the tenant,
 * and every member of the group, directly or through nested groups, holds the role. Each change is one
 * transaction with its audit entry and a `user.roles.changed` for each user whose effective roles it moved.
 */
import type { AuditActor, AuditTrail } from '../tenants/admin-audit.js';
import type { Tenant } from '../tenants/types.js';
import { appendChanges } from '../store/change-rows.js';
import { findGroup } from '../store/groups-store.js';
import { deleteGroupRoleMapping, insertGroupRoleMapping, listGroupRoleMappings } from '../store/group-role-mappings-store.js';
import { isUuid } from '../store/ids.js';
import { inTransaction, type ProvisioningDeps } from './provisioning-deps.js';
import { roleChangesSince, snapshotUnderGroup } from './role-changes.js';
import { declaredValuesFor } from './tenant-declared-values.js';

/** The tenant a change concerns: its id, and its name for the audit trail (`scim.tenants.get(id)` gives both). */
export type TenantRef = Pick<Tenant, 'id' | 'name'>;

/** A group mapped to a role. */
export interface RoleMapping {
  readonly groupId: string;
  readonly groupDisplayName: string;
  readonly role: string;
  readonly createdAt: Date;
}

/** A refused mapping change: `status` 400 or 404, `where` the input at fault (`groupId`, `role`). */
export class RoleMappingError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
    readonly where: 'groupId' | 'role',
  ) {
    super(message);
  }
}

/** Longest role value accepted. */
export const MAX_ROLE_LENGTH = 256;

/** A tenant's groups mapped to roles: list, map, unmap. */
export class RoleMappings {
  constructor(
    private readonly deps: ProvisioningDeps,
    private readonly audit: AuditTrail,
  ) {}

  /** The tenant's mappings (of one group, when given), by role then group name. */
  async list(tenantId: string, filter: { readonly groupId?: string } = {}): Promise<RoleMapping[]> {
    if (filter.groupId !== undefined && !isUuid(filter.groupId)) return [];
    const rows = await listGroupRoleMappings(this.deps.knex, tenantId, filter.groupId === undefined ? {} : { groupId: filter.groupId.toLowerCase() });
    return rows.map((row) => ({ groupId: row.group_id, groupDisplayName: row.display_name, role: row.role, createdAt: new Date(row.created_at) }));
  }

  /**
   * Maps group `groupId` to `role`, which must be declared for the tenant (the host's `roles` option or the
   * tenant's own). `created` is false when the mapping existed (nothing is written then).
   */
  async add(tenant: TenantRef, groupId: string, role: string, by?: AuditActor): Promise<{ readonly mapping: RoleMapping; readonly created: boolean }> {
    if (typeof role !== 'string' || role === '' || role.length > MAX_ROLE_LENGTH) throw new RoleMappingError(400, `role must be a non-empty string of at most ${MAX_ROLE_LENGTH} characters.`, 'role');
    const declared = await declaredValuesFor(this.deps.options, this.deps.knex, tenant.id, 'roles');
    if (!declared.some((value) => value.value === role)) {
      throw new RoleMappingError(400, `Role "${role}" is not declared for this tenant; map one of: ${declared.map((value) => `"${value.value}"`).join(', ') || 'none declared'}.`, 'role');
    }
    return this.change(tenant, groupId, role, by, true);
  }

  /** Removes the mapping of group `groupId` to `role`; false when there was none. */
  async remove(tenant: TenantRef, groupId: string, role: string, by?: AuditActor): Promise<boolean> {
    if (!isUuid(groupId)) return false;
    return (await this.change(tenant, groupId, role, by, false)).created;
  }

  /** Adds (`mapped`) or removes a mapping in one transaction; `created` tells whether anything changed. */
  private async change(tenant: TenantRef, groupId: string, role: string, by: AuditActor | undefined, mapped: boolean): Promise<{ mapping: RoleMapping; created: boolean }> {
    if (!isUuid(groupId)) throw new RoleMappingError(404, `No group "${groupId}" in tenant "${tenant.id}".`, 'groupId');
    const id = groupId.toLowerCase();
    return inTransaction(this.deps, async (trx) => {
      // Locked like a members change, so the group cannot go or change members while its users' roles are compared.
      const group = await findGroup(trx, tenant.id, id, { lock: 'write' });
      if (!group) throw new RoleMappingError(404, `No group "${groupId}" in tenant "${tenant.id}".`, 'groupId');
      const snapshot = await snapshotUnderGroup(trx, tenant.id, id, true);
      const changed = mapped ? await insertGroupRoleMapping(trx, tenant.id, id, role) : await deleteGroupRoleMapping(trx, tenant.id, id, role);
      const mapping: RoleMapping = { groupId: id, groupDisplayName: group.display_name, role, createdAt: new Date() };
      if (!changed) return { mapping, created: false };
      await appendChanges(trx, tenant.id, await roleChangesSince(trx, tenant.id, snapshot, { source: 'admin' }));
      await this.audit.record(trx, by, {
        action: mapped ? 'role_mapping.added' : 'role_mapping.removed',
        tenantId: tenant.id,
        tenantName: tenant.name,
        target: { type: 'group', id, name: group.display_name },
        details: { role },
      });
      return { mapping, created: true };
    });
  }
}
