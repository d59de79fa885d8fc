/**
 * One page of a tenant's users or groups with the exact total (RFC 7644 §3.4.2.4), for filters and sorts compiled
 * elsewhere into SQL. Every order ends with `seq`, the insertion order, so pages are stable (§3.4.2.3).
 */
import type { Knex } from 'knex';
import { cancellableSearch, type ClientDeparture } from './cancellable-search.js';
import type { SqlFragment } from './filter/sql-fragment.js';
import { resultRows } from './result-rows.js';
import { runStatement, type StatementSettings } from './statement-limits.js';

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
  /** How the statements run outside a transaction: timeout and prepared names (statement-limits.ts); undefined: unbounded, unnamed. */
  readonly statement?: StatementSettings;
  /** The request's client: the statements are cancelled if it leaves (cancellable-search.ts). */
  readonly client?: ClientDeparture;
  /**
   * More select-list items, as SQL over the alias `r` (the store's own constant text, never client input), such
   * as `User.groups` read in the same statement (direct-groups-column.ts).
   */
  readonly extraColumns?: readonly string[];
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
 * (RFC 7644 §3.4.2.4). A `filter=userName eq "…"` lookup is therefore one statement. With `query.client` the
 * statements run as a search that its client's leaving cancels (cancellable-search.ts).
 */
export function listRows<Row>(
  db: Knex,
  table: 'scim_users' | 'scim_groups',
  tenantId: string,
  columns: readonly string[],
  query: StoreListQuery,
): Promise<StorePage<Row>> {
  if (!query.client) return listOn<Row>(db, table, tenantId, columns, query);
  return cancellableSearch(db, query, (conn, statement) => listOn<Row>(conn, table, tenantId, columns, { ...query, statement }));
}

/** The statements of {@link listRows} on `db`. */
async function listOn<Row>(db: Knex, table: 'scim_users' | 'scim_groups', tenantId: string, columns: readonly string[], query: StoreListQuery): Promise<StorePage<Row>> {
  const where = `from ${table} as r where r.tenant_id = ? and r.deleted_at is null${query.filter ? ` and (${query.filter.sql})` : ''}`;
  const whereBindings: Knex.Value[] = [tenantId, ...(query.filter?.bindings ?? [])];
  const count = async (): Promise<number> => {
    const counted = resultRows<{ count: string | number }>(await runStatement(db.raw(`select count(*) as count ${where}`, whereBindings), query.statement));
    return Number(counted[0]?.count ?? 0);
  };
  if (query.limit <= 0) return { total: await count(), rows: [] };
  const select = [...columns.map((column) => `r.${column}`), ...(query.extraColumns ?? [])].join(', ');
  const order = query.order ?? { sql: 'r.seq asc', bindings: [] };
  const window = query.offset > 0 ? 'offset ? limit ?' : 'limit ?';
  const sql = `select ${select} ${where} order by ${order.sql} ${window}`;
  const bindings: Knex.Value[] = [...whereBindings, ...order.bindings, ...(query.offset > 0 ? [query.offset] : []), query.limit];
  const rows = resultRows<Row>(await runStatement(db.raw(sql, bindings), query.statement));
  const endsResult = rows.length < query.limit && (rows.length > 0 || query.offset === 0);
  return { total: endsResult ? query.offset + rows.length : await count(), rows };
}
