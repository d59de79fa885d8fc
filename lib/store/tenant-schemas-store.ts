/**
 * The `scim_tenant_schemas` table: a tenant's own extension schemas, each stored as its RFC 7643 §7 definition with
 * the resource type it extends. Every write bumps the tenant's `schema_version` in the same transaction, so the
 * registry cached for the tenant is rebuilt on every instance. No function reads or writes another tenant's rows.
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from './result-rows.js';
import { runStatement, type StatementSettings } from './statement-limits.js';

/** A stored extension schema. `definition` is the jsonb as saved (read by provisioning/tenant-schemas.ts). */
export interface TenantSchemaRow {
  readonly urn_key: string;
  readonly resource_type: 'User' | 'Group';
  readonly definition: unknown;
}

/**
 * The tenant's extension schemas, in the order they were first defined. `statement` is given when a SCIM request
 * runs the read outside a transaction (statement-limits.ts); undefined: unbounded, unnamed.
 */
export async function listTenantSchemaRows(db: Knex | Knex.Transaction, tenantId: string, statement?: StatementSettings): Promise<TenantSchemaRow[]> {
  const query = db('scim_tenant_schemas').select('urn_key', 'resource_type', 'definition').where({ tenant_id: tenantId }).orderBy([{ column: 'created_at' }, { column: 'urn_key' }]);
  return resultRows<TenantSchemaRow>(await runStatement(query, statement));
}

/**
 * Locks the tenant's row until the transaction ends, so changes of its schemas take turns; returns the tenant's
 * schema version, or undefined when there is no such tenant.
 */
export async function lockTenantSchemas(trx: Knex.Transaction, tenantId: string): Promise<number | undefined> {
  const row = firstRow<{ schema_version: string | number }>(await trx('scim_tenants').where({ tenant_id: tenantId }).forUpdate().first('schema_version'));
  return row === undefined ? undefined : Number(row.schema_version);
}

/** Counts a change of the tenant's schemas, so every instance rebuilds its registry of the tenant. */
async function bumpSchemaVersion(trx: Knex.Transaction, tenantId: string): Promise<void> {
  await trx('scim_tenants').where({ tenant_id: tenantId }).increment('schema_version', 1);
}

/**
 * Inserts or replaces the extension schema `urn` of the tenant and bumps its schema version. Two statements (the
 * tenants table is a reference table on Citus, the schemas a distributed one), in the caller's transaction.
 */
export async function saveTenantSchema(trx: Knex.Transaction, tenantId: string, urn: string, resourceType: 'User' | 'Group', definition: unknown): Promise<void> {
  await trx.raw(
    `insert into scim_tenant_schemas (tenant_id, urn_key, resource_type, definition) values (?, ?, ?, ?::jsonb)
     on conflict (tenant_id, urn_key) do update set resource_type = excluded.resource_type, definition = excluded.definition, updated_at = now()`,
    [tenantId, urn.toLowerCase(), resourceType, JSON.stringify(definition)],
  );
  await bumpSchemaVersion(trx, tenantId);
}

/** Deletes the extension schema `urn` of the tenant and bumps its schema version; false when it had none. */
export async function deleteTenantSchema(trx: Knex.Transaction, tenantId: string, urn: string): Promise<boolean> {
  const deleted = await trx('scim_tenant_schemas').where({ tenant_id: tenantId, urn_key: urn.toLowerCase() }).delete();
  if (deleted === 0) return false;
  await bumpSchemaVersion(trx, tenantId);
  return true;
}

/**
 * How many live resources of the tenant hold a value for attribute `attribute` of extension `urn` (the document
 * key as the schema spells it); `attribute` undefined counts resources holding any value of the extension.
 */
export async function countResourcesHolding(
  db: Knex | Knex.Transaction,
  tenantId: string,
  resourceType: 'User' | 'Group',
  urn: string,
  attribute: string | undefined,
): Promise<number> {
  const table = resourceType === 'User' ? 'scim_users' : 'scim_groups';
  const value = attribute === undefined ? 'doc -> ?' : '(doc -> ?) -> ?';
  const row = firstRow<{ count: string | number }>(
    await db.raw(
      `select count(*) as count from ${table} where tenant_id = ? and deleted_at is null and ${value} is not null and ${value} <> 'null'::jsonb`,
      [tenantId, urn, ...(attribute === undefined ? [] : [attribute]), urn, ...(attribute === undefined ? [] : [attribute])],
    ),
  );
  return Number(row?.count ?? 0);
}
