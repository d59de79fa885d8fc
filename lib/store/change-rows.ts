/**
 * The only writer of the change feed `scim_changes` (DESIGN.md §3). Change rows are written in the same transaction
 * as the change they record, most often by the same statement (a data-modifying CTE), so a write and its feed rows
 * are atomic without a BEGIN/COMMIT round trip. Rows computed in Node travel as one `jsonb` array parameter,
 * however many there are.
 */
import type { Knex } from 'knex';
import type { NewChange } from './changes-store.js';

const INSERT = 'insert into scim_changes (tenant_id, type, resource_type, resource_id, data)';

/**
 * SQL of an insert of the change rows in a jsonb-array parameter, for use as a CTE. `guard` is a SQL condition
 * over the row `x` (the caller's constant text, such as `exists (select 1 from u)`) that must hold for a row to be
 * inserted. Bind it with {@link changeRowsBindings}.
 */
export function insertChangeRowsSql(guard: string): string {
  return `${INSERT}
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

/**
 * SQL of an insert of change rows that a statement computes itself: `select` yields the columns `tenant_id, type,
 * resource_type, resource_id, data` in that order (the caller's constant text), for rows only PostgreSQL knows,
 * such as the members a delete removed.
 */
export function insertChangesSelectedSql(select: string): string {
  return `${INSERT} ${select}`;
}

/** Appends `changes` as a statement of its own; call it with the transaction of the change. */
export async function appendChanges(db: Knex, tenantId: string, changes: readonly NewChange[]): Promise<void> {
  if (changes.length === 0) return;
  await db.raw(insertChangeRowsSql('true'), changeRowsBindings(tenantId, changes));
}
