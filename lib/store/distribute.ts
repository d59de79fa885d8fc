/**
 * Distributing the schema on a Citus cluster (docs/scaling.md): global tables become reference tables, the
 * tenant-scoped ones are distributed by `tenant_id` and co-located, so every statement of a request runs on the one
 * node that holds its tenant. Idempotent: tables Citus already manages in the right role are skipped.
 */
import type { Knex } from 'knex';
import { resultRows } from './result-rows.js';
import { REFERENCE_TABLES, TENANT_COLUMN, TENANT_TABLES } from './table-roles.js';

/** One step of the plan: a table, its role and the statement that gives it that role. */
export interface DistributionStep {
  readonly table: string;
  readonly role: 'reference' | 'distributed';
  readonly sql: string;
}

/** What {@link distribute} did: the steps it ran and the tables that already had their role. */
export interface DistributionResult {
  readonly ran: readonly DistributionStep[];
  readonly skipped: readonly string[];
}

/** Thrown by {@link distribute} when the database has no `citus` extension; carries the plan it would have run. */
export class CitusNotInstalledError extends Error {
  constructor(readonly plan: readonly DistributionStep[]) {
    super(
      'The citus extension is not installed in this database (select 1 from pg_extension where extname = \'citus\' found nothing), ' +
        'so nothing was distributed. Install Citus and run `create extension citus;`, then run this again. It would run:\n' +
        plan.map((step) => `  ${step.sql};`).join('\n'),
    );
    this.name = 'CitusNotInstalledError';
  }
}

/**
 * The statements, in order: reference tables first (tenant-scoped tables hold foreign keys to `scim_tenants`), then
 * the tenant-scoped tables in foreign-key order, each co-located with the first so joins on `tenant_id` stay local.
 */
export function distributionPlan(): DistributionStep[] {
  const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  const anchor = TENANT_TABLES[0] as string;
  return [
    ...REFERENCE_TABLES.map((table) => ({ table, role: 'reference' as const, sql: `select create_reference_table(${literal(table)})` })),
    ...TENANT_TABLES.map((table) => ({
      table,
      role: 'distributed' as const,
      sql:
        table === anchor
          ? `select create_distributed_table(${literal(table)}, ${literal(TENANT_COLUMN)})`
          : `select create_distributed_table(${literal(table)}, ${literal(TENANT_COLUMN)}, colocate_with => ${literal(anchor)})`,
    })),
  ];
}

/** True when the database the knex points at has the `citus` extension. */
export async function citusInstalled(knex: Knex): Promise<boolean> {
  return resultRows(await knex.raw("select 1 from pg_extension where extname = 'citus'")).length > 0;
}

/**
 * Runs the plan's remaining steps on a migrated database. Throws {@link CitusNotInstalledError} (and changes
 * nothing) without the `citus` extension.
 */
export async function distribute(knex: Knex): Promise<DistributionResult> {
  const plan = distributionPlan();
  if (!(await citusInstalled(knex))) throw new CitusNotInstalledError(plan);
  const rows = resultRows<{ table_name: string; citus_table_type: string }>(
    await knex.raw('select table_name::text as table_name, citus_table_type from citus_tables'),
  );
  const roles = new Map(rows.map((r) => [r.table_name, r.citus_table_type]));
  const ran: DistributionStep[] = [];
  const skipped: string[] = [];
  for (const step of plan) {
    if (roles.get(step.table) === step.role) {
      skipped.push(step.table);
      continue;
    }
    await knex.raw(step.sql);
    ran.push(step);
  }
  return { ran, skipped };
}
