/**
 * Roles and entitlements an administrator declares for one tenant (`scim_tenant_declared_values`, migration 0015),
 * beside those the host declares for every tenant or one through its options.
 */
import type { Knex } from 'knex';
import { resultRows } from './result-rows.js';

/** Which list: the application's roles or its entitlements. */
export type DeclaredValueKind = 'roles' | 'entitlements';

/** A declared value as stored. */
export interface DeclaredValueRow {
  readonly value: string;
  readonly display: string | null;
  readonly type: string | null;
}

/** The tenant's own declared values of one kind, in the order they were added. */
export async function listTenantDeclaredValues(db: Knex, tenantId: string, kind: DeclaredValueKind): Promise<DeclaredValueRow[]> {
  return resultRows<DeclaredValueRow>(
    await db('scim_tenant_declared_values').select('value', 'display', 'type').where({ tenant_id: tenantId, kind }).orderBy([{ column: 'created_at' }, { column: 'value' }]),
  );
}

/** Declares a value for the tenant, or changes its display and type; true when it was new. */
export async function upsertTenantDeclaredValue(db: Knex, tenantId: string, kind: DeclaredValueKind, row: DeclaredValueRow): Promise<boolean> {
  const result = await db.raw(
    `insert into scim_tenant_declared_values (tenant_id, kind, value, display, type) values (?, ?, ?, ?, ?)
     on conflict (tenant_id, kind, value) do update set display = excluded.display, type = excluded.type
     returning (xmax = 0) as inserted`,
    [tenantId, kind, row.value, row.display, row.type],
  );
  return resultRows<{ inserted: boolean }>(result)[0]?.inserted === true;
}

/** Removes a value the tenant declared; false when it had none of that value. */
export async function deleteTenantDeclaredValue(db: Knex, tenantId: string, kind: DeclaredValueKind, value: string): Promise<boolean> {
  const rows = await db('scim_tenant_declared_values').where({ tenant_id: tenantId, kind, value }).delete().returning(['value']);
  return resultRows<{ value: string }>(rows).length > 0;
}
