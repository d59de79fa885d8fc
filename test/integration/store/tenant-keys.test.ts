/**
 * The schema's side of distribution readiness, read from pg_catalog after the migrations: every table is named in
 * table-roles.ts, and every primary key, unique index and foreign key of a tenant-scoped table includes
 * `tenant_id` (Citus requires the distribution column in each of them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { isolatedTestKnex } from '../../support/database.js';
import { REFERENCE_TABLES, TENANT_COLUMN, TENANT_TABLES } from '../../../lib/store/table-roles.js';

interface KeyRow {
  table: string;
  name: string;
  kind: string;
  columns: string[];
}

// A database of its own, freshly migrated: other test files create tables of their own in the shared one.
let knex: Knex;
beforeAll(async () => {
  knex = await isolatedTestKnex();
});
afterAll(() => knex.destroy());

/** Primary keys, unique constraints and foreign keys (pg_constraint) and unique indexes (pg_index). */
async function keys(): Promise<KeyRow[]> {
  const { rows } = await knex.raw<{ rows: KeyRow[] }>(`
    select c.conrelid::regclass::text as table, c.conname as name,
           case c.contype when 'p' then 'primary key' when 'u' then 'unique constraint' else 'foreign key' end as kind,
           array(select a.attname::text from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k) as columns
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
     where n.nspname = current_schema() and c.contype in ('p', 'u', 'f')
    union all
    select i.indrelid::regclass::text, i.indexrelid::regclass::text, 'unique index',
           array(select a.attname::text from unnest(i.indkey) k join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k)
      from pg_index i join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = current_schema() and i.indisunique and not i.indisprimary`);
  return rows;
}

describe('distribution keys in the catalog', () => {
  it('names every table of the schema as reference or tenant-scoped', async () => {
    const { rows } = await knex.raw<{ rows: { name: string }[] }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind in ('r', 'p') order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual([...REFERENCE_TABLES, ...TENANT_TABLES].sort());
  });

  it(`leads every tenant-scoped table with ${TENANT_COLUMN}`, async () => {
    const { rows } = await knex.raw<{ rows: { table: string; column: string }[] }>(
      `select c.relname as table, a.attname as column from pg_class c
         join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid and a.attnum = 1
        where n.nspname = current_schema() and c.relname = any(?)`,
      [[...TENANT_TABLES]],
    );
    expect(rows.filter((r) => r.column !== TENANT_COLUMN)).toEqual([]);
    expect(rows).toHaveLength(TENANT_TABLES.length);
  });

  it(`includes ${TENANT_COLUMN} in every primary key, unique index and foreign key of a tenant-scoped table`, async () => {
    const found = await keys();
    const tenantKeys = found.filter((k) => TENANT_TABLES.includes(k.table));
    expect(tenantKeys.filter((k) => k.kind === 'primary key').map((k) => k.table).sort()).toEqual([...TENANT_TABLES].sort());
    const breaking = tenantKeys.filter((k) => !k.columns.includes(TENANT_COLUMN));
    expect(breaking.map((k) => `${k.kind} ${k.name} on ${k.table} (${k.columns.join(', ')}) does not include ${TENANT_COLUMN}`)).toEqual([]);
  });

  it('lets foreign keys of tenant-scoped tables point only at reference tables or co-located tenant-scoped ones by tenant', async () => {
    const { rows } = await knex.raw<{ rows: { table: string; name: string; target: string; targetColumns: string[] }[] }>(`
      select c.conrelid::regclass::text as table, c.conname as name, c.confrelid::regclass::text as target,
             array(select a.attname::text from unnest(c.confkey) k join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k) as "targetColumns"
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
       where n.nspname = current_schema() and c.contype = 'f'`);
    const wrong = rows.filter((r) => TENANT_TABLES.includes(r.table) && !REFERENCE_TABLES.includes(r.target) && !r.targetColumns.includes(TENANT_COLUMN));
    expect(wrong).toEqual([]);
    const order = (t: string) => TENANT_TABLES.indexOf(t);
    const outOfOrder = rows.filter((r) => TENANT_TABLES.includes(r.target) && order(r.target) > order(r.table));
    expect(outOfOrder.map((r) => `${r.table} → ${r.target}`)).toEqual([]);
  });
});
