/**
 * Change-feed rows written by the same statement as the change they record (a data-modifying CTE), so a write and
 * its feed rows are atomic without a BEGIN/COMMIT round trip each. The rows travel as one `jsonb` array parameter,
 * however many there are.
 */
import type { NewChange } from './changes-store.js';

/**
 * SQL of an `insert into scim_changes` of the rows in a jsonb-array parameter, for use as a CTE. `guard` is a SQL
 * condition (the caller's constant text, e.g. `exists (select 1 from u)`) that must hold for anything to be
 * inserted. Bind it with {@link changeRowsBindings}.
 */
export function insertChangeRowsSql(guard: string): string {
  return `insert into scim_changes (tenant_id, type, resource_type, resource_id, data)
          select ?, x.type, x.resource_type, x.resource_id, x.data
            from jsonb_to_recordset(?::jsonb) as x(type text, resource_type text, resource_id uuid, data jsonb)
           where ${guard}`;
}

/** The two bindings of {@link insertChangeRowsSql}: the tenant and the rows. */
export function changeRowsBindings(tenantId: string, changes: readonly NewChange[]): [string, string] {
  const rows = changes.map((change) => ({
    type: change.type,
    resource_type: change.resourceType,
    resource_id: change.resourceId,
    ...(change.data === undefined ? {} : { data: change.data }),
  }));
  return [tenantId, JSON.stringify(rows)];
}
