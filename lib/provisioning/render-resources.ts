/**
 * Rows → projected SCIM resources for one response, reading computed attributes only when the projection returns
 * them: `User.groups` and `Group.members` come from the membership table in one statement per page, and
 * `excludedAttributes=members` never reads it (RFC 7644 §3.9; DESIGN.md §3).
 */
import type { Knex } from 'knex';
import type { Projection } from '../scim/list/projection.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import { listDirectGroups, listMembers } from '../store/memberships-store.js';
import type { GroupRow, UserRow } from '../store/resource-row.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import { groupResource, userResource } from './resource-document.js';

/** Where the rows come from and how they are shown. */
export interface RenderContext {
  /** The knex or transaction to read memberships on. */
  readonly db: Knex;
  readonly tenantId: string;
  readonly baseUrl: string;
  readonly projection: Projection;
}

/** Users as the projection returns them. */
export async function renderUsers(deps: ProvisioningDeps, context: RenderContext, rows: readonly UserRow[]): Promise<ScimResource[]> {
  const groups = deps.projector.needsAttribute('User', context.projection, 'groups')
    ? await listDirectGroups(context.db, context.tenantId, rows.map((row) => row.id))
    : undefined;
  return rows.map((row) => deps.projector.project('User', userResource(row, context.baseUrl, groups?.get(row.id)), context.projection));
}

/** Groups as the projection returns them. */
export async function renderGroups(deps: ProvisioningDeps, context: RenderContext, rows: readonly GroupRow[]): Promise<ScimResource[]> {
  const members = deps.projector.needsAttribute('Group', context.projection, 'members')
    ? await listMembers(context.db, context.tenantId, rows.map((row) => row.id))
    : undefined;
  return rows.map((row) => deps.projector.project('Group', groupResource(row, context.baseUrl, members?.get(row.id)), context.projection));
}

/** Users or groups, by type. */
export function renderResources(
  deps: ProvisioningDeps,
  context: RenderContext,
  type: ResourceTypeName,
  rows: readonly (UserRow | GroupRow)[],
): Promise<ScimResource[]> {
  return type === 'User' ? renderUsers(deps, context, rows as UserRow[]) : renderGroups(deps, context, rows as GroupRow[]);
}
