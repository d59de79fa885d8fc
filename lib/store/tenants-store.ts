/**
 * The `scim_tenants` table: a tenant's row (id, name, enabled, settings as jsonb). Deleting a tenant removes all its
 * data through the foreign keys' `on delete cascade`.
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from './result-rows.js';

/** A tenant as stored. `settings` is the stored jsonb, read by tenants/tenant-settings.ts. */
export interface TenantRow {
  readonly tenant_id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly created_at: Date;
  readonly settings: unknown;
  /** Bumped by every change of the tenant's extension schemas (migration 0012); bigint, so a string from pg. */
  readonly schema_version?: string | number;
}

/** Inserts a tenant and returns its row (created time and default settings filled by the database). */
export async function insertTenant(db: Knex | Knex.Transaction, tenantId: string, name: string): Promise<TenantRow> {
  return firstRow<TenantRow>(await db('scim_tenants').insert({ tenant_id: tenantId, name }).returning('*')) as TenantRow;
}

/** Every tenant, oldest first. */
export async function listTenantRows(db: Knex): Promise<TenantRow[]> {
  return resultRows<TenantRow>(await db('scim_tenants').select('*').orderBy([{ column: 'created_at' }, { column: 'tenant_id' }]));
}

/** A tenant's row, or undefined; with `forUpdate` (in a transaction) the row stays locked until it ends. */
export async function findTenantRow(db: Knex | Knex.Transaction, tenantId: string, options: { forUpdate?: boolean } = {}): Promise<TenantRow | undefined> {
  const query = db('scim_tenants').where({ tenant_id: tenantId });
  if (options.forUpdate) query.forUpdate();
  return firstRow<TenantRow>(await query.first());
}

/** Changes a tenant's name, enabled flag or settings; false when there is no such tenant. */
export async function updateTenantRow(
  db: Knex | Knex.Transaction,
  tenantId: string,
  changes: { readonly name?: string; readonly enabled?: boolean; readonly settings?: unknown },
): Promise<boolean> {
  const { settings, ...columns } = changes;
  const update = settings === undefined ? columns : { ...columns, settings: JSON.stringify(settings) };
  const count = await db('scim_tenants').where({ tenant_id: tenantId }).update(update);
  return count > 0;
}

/** Deletes a tenant with all its data; false when there was none. */
export async function deleteTenantRow(db: Knex, tenantId: string): Promise<boolean> {
  const count = await db('scim_tenants').where({ tenant_id: tenantId }).delete();
  return count > 0;
}
