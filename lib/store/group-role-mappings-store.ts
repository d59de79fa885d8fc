/**
 * A tenant's groups mapped to the host's roles, in `scim_group_role_mappings` (migration 0015): who reads them
 * (the admin API, the effective-roles queries) and the two writes, each a single statement on the caller's
 * transaction. The cheap questions the write paths ask first ("does this tenant map any group?", "does this group
 * or a group containing it carry a role?") are primary-key probes, so a tenant without mappings pays nothing more.
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from './result-rows.js';

/** One mapping as the admin API lists it. */
export interface GroupRoleMappingRow {
  readonly group_id: string;
  readonly display_name: string;
  readonly role: string;
  readonly created_at: Date;
}

/** Every mapping of a tenant with its group's displayName, by role then group name. */
export async function listGroupRoleMappings(db: Knex, tenantId: string, filter: { readonly groupId?: string } = {}): Promise<GroupRoleMappingRow[]> {
  const result = await db.raw(
    `select r.group_id::text as group_id, g.display_name, r.role, r.created_at
       from scim_group_role_mappings r
       join scim_groups g on g.tenant_id = r.tenant_id and g.id = r.group_id and g.deleted_at is null
      where r.tenant_id = ? ${filter.groupId === undefined ? '' : 'and r.group_id = ?::uuid'}
      order by r.role, g.display_name_key, g.seq`,
    filter.groupId === undefined ? [tenantId] : [tenantId, filter.groupId],
  );
  return resultRows<GroupRoleMappingRow>(result);
}

/** Maps a live group to a role; false when it was mapped already (nothing is written then). */
export async function insertGroupRoleMapping(db: Knex, tenantId: string, groupId: string, role: string): Promise<boolean> {
  const rows = await db('scim_group_role_mappings').insert({ tenant_id: tenantId, group_id: groupId, role }).onConflict(['tenant_id', 'group_id', 'role']).ignore().returning(['role']);
  return resultRows<{ role: string }>(rows).length > 0;
}

/** Removes a mapping; false when there was none. */
export async function deleteGroupRoleMapping(db: Knex, tenantId: string, groupId: string, role: string): Promise<boolean> {
  const rows = await db('scim_group_role_mappings').where({ tenant_id: tenantId, group_id: groupId, role }).delete().returning(['role']);
  return resultRows<{ role: string }>(rows).length > 0;
}

/** Removes every mapping of a group (a group left as a tombstone keeps its row, so its mappings stay otherwise). */
export async function deleteMappingsOfGroup(db: Knex, tenantId: string, groupId: string): Promise<void> {
  await db('scim_group_role_mappings').where({ tenant_id: tenantId, group_id: groupId }).delete();
}

/** SQL of a boolean: whether the tenant (bound once) maps any group to a role; one index probe. */
export const TENANT_HAS_MAPPINGS_SQL = 'exists (select 1 from scim_group_role_mappings where tenant_id = ?)';

/** Whether the tenant maps any group to a role. */
export async function tenantHasMappings(db: Knex, tenantId: string): Promise<boolean> {
  return firstRow<{ found: boolean }>(await db.raw(`select ${TENANT_HAS_MAPPINGS_SQL} as found`, [tenantId]))?.found === true;
}

/**
 * Whether `groupId` or a group containing it (through nested groups, walking up the member index) is mapped to a
 * role: only then can a change of its members change anyone's roles. In a tenant without mappings the walk is
 * not run: the first condition is one index probe.
 */
export async function groupCarriesRoles(db: Knex, tenantId: string, groupId: string): Promise<boolean> {
  const result = await db.raw(
    `with recursive up(group_id) as (
       select ?::uuid
       union
       select m.group_id from up join scim_memberships m on m.tenant_id = ? and m.member_id = up.group_id
     )
     select ${TENANT_HAS_MAPPINGS_SQL}
            and exists (select 1 from up join scim_group_role_mappings r on r.tenant_id = ? and r.group_id = up.group_id) as found`,
    [groupId, tenantId, tenantId, tenantId],
  );
  return firstRow<{ found: boolean }>(result)?.found === true;
}
