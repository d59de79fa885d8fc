/**
 * One page of a tenant's users or groups with the exact total (RFC 7644 §3.4.2.4), for filters and sorts compiled
 * elsewhere into SQL. Every order ends with `seq`, the insertion order, so pages are stable (§3.4.2.3).
 */
import type { Knex } from 'knex';
import type { SqlFragment } from './filter/sql-fragment.js';
import { preparedRaw } from './prepared-statement.js';

/** Adds conditions (a compiled filter) to a query on the resource table aliased `r`. */
export type QueryRefinement = (builder: Knex.QueryBuilder) => void;

/** What to list. */
export interface StoreListQuery {
  /** The compiled filter over the alias `r`, if any. */
  readonly filter?: SqlFragment;
  /** The compiled sort over `r`, ending in a tie-breaker (`r.seq`); default `r.seq asc`, creation order. */
  readonly order?: SqlFragment;
  /** Rows to skip (startIndex − 1). */
  readonly offset: number;
  /** Rows to return; 0 counts only. */
  readonly limit: number;
  /**
   * More select-list items, as SQL over the alias `r` (the store's own constant text, never client input), such
   * as `User.groups` read in the same statement (direct-groups-column.ts).
   */
  readonly extraColumns?: readonly string[];
  /**
   * Run the page statement as a named prepared statement (prepared-statement.ts). Only for queries whose SQL text
   * comes from a small, fixed set of shapes (each shape stays prepared on every pooled connection).
   */
  readonly prepare?: boolean;
}

/** A page of rows and the number of rows matching in total. */
export interface StorePage<Row> {
  readonly total: number;
  readonly rows: Row[];
}

/**
 * Lists rows of `table` (aliased `r`) of one tenant. Deleted rows are never listed. The page is read first; the
 * count only when the page does not end the result (it is full, or empty past the start): a page that stops short
 * of `limit` holds the last rows, so the total is `offset` + its rows, exact without a second statement
 * (RFC 7644 §3.4.2.4). A `filter=userName eq "…"` lookup is therefore one statement. The SQL is written out as
 * text rather than through the query builder, which cost a tenth of the server's time per lookup.
 */
export async function listRows<Row>(
  db: Knex,
  table: 'scim_users' | 'scim_groups',
  tenantId: string,
  columns: readonly string[],
  query: StoreListQuery,
): Promise<StorePage<Row>> {
  const where = `from ${table} as r where r.tenant_id = ? and r.deleted_at is null${query.filter ? ` and (${query.filter.sql})` : ''}`;
  const whereBindings: Knex.Value[] = [tenantId, ...(query.filter?.bindings ?? [])];
  const count = async (): Promise<number> => {
    const counted = await db.raw<{ rows: { count: string | number }[] }>(`select count(*) as count ${where}`, whereBindings);
    return Number(counted.rows[0]?.count ?? 0);
  };
  if (query.limit <= 0) return { total: await count(), rows: [] };
  const select = [...columns.map((column) => `r.${column}`), ...(query.extraColumns ?? [])].join(', ');
  const order = query.order ?? { sql: 'r.seq asc', bindings: [] };
  // No `offset` clause on a first page: with `offset $n` of unknown value PostgreSQL's generic plan looks dearer than
  // planning afresh, so a prepared lookup was re-planned on every execution (test/integration/store/prepared-plans).
  const window = query.offset > 0 ? 'offset ? limit ?' : 'limit ?';
  const sql = `select ${select} ${where} order by ${order.sql} ${window}`;
  const bindings: Knex.Value[] = [...whereBindings, ...order.bindings, ...(query.offset > 0 ? [query.offset] : []), query.limit];
  const result = query.prepare ? await preparedRaw<{ rows: Row[] }>(db, sql, bindings) : await db.raw<{ rows: Row[] }>(sql, bindings);
  const rows = result.rows;
  const endsResult = rows.length < query.limit && (rows.length > 0 || query.offset === 0);
  return { total: endsResult ? query.offset + rows.length : await count(), rows };
}
