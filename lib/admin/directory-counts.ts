/**
 * Counts for the tenant status panel.
 */
import type { Knex } from 'knex';

/** How many users (and active users) and groups a tenant has. */
export interface DirectoryCounts {
  readonly users: number;
  readonly activeUsers: number;
  readonly groups: number;
}

/** Counts a tenant's users and groups (two index scans). */
export async function directoryCounts(db: Knex, tenantId: string): Promise<DirectoryCounts> {
  const [users] = (await db('scim_users')
    .where('tenant_id', tenantId)
    .whereNull('deleted_at')
    .select(db.raw('count(*) as total'), db.raw('count(*) filter (where active) as active'))) as { total: string | number; active: string | number }[];
  const [groups] = (await db('scim_groups').where('tenant_id', tenantId).whereNull('deleted_at').count<{ count: string | number }[]>({ count: '*' }));
  return { users: Number(users?.total ?? 0), activeUsers: Number(users?.active ?? 0), groups: Number(groups?.count ?? 0) };
}
