/**
 * One page of a tenant's users or groups with the exact total (RFC 7644 §3.4.2.4), for filters and sorts compiled
 * elsewhere into SQL. Every order ends with `seq`, the insertion order, so pages are stable (§3.4.2.3).
 */
import type { Knex } from 'knex';

/** Adds conditions (a compiled filter) to a query on the resource table aliased `r`. */
export type QueryRefinement = (builder: Knex.QueryBuilder) => void;

/** What to list. */
export interface StoreListQuery {
  /** The compiled filter, if any. */
  readonly where?: QueryRefinement;
  /** The compiled sort, ending in a tie-breaker (`r.seq`); default `r.seq asc`, creation order. */
  readonly orderBy?: QueryRefinement;
  /** Rows to skip (startIndex − 1). */
  readonly offset: number;
  /** Rows to return; 0 counts only. */
  readonly limit: number;
}

/** A page of rows and the number of rows matching in total. */
export interface StorePage<Row> {
  readonly total: number;
  readonly rows: Row[];
}

/**
 * Lists rows of `table` (aliased `r`) of one tenant. Deleted rows are never listed. Two statements: the count and
 * the page, so `totalResults` stays exact even when the page is past the end.
 */
export async function listRows<Row>(
  db: Knex,
  table: 'scim_users' | 'scim_groups',
  tenantId: string,
  columns: readonly string[],
  query: StoreListQuery,
): Promise<StorePage<Row>> {
  const base = (): Knex.QueryBuilder => {
    const builder = db(`${table} as r`).where('r.tenant_id', tenantId).whereNull('r.deleted_at');
    if (query.where) builder.andWhere((inner) => query.where?.(inner));
    return builder;
  };
  const counted = await base().count<{ count: string | number }[]>({ count: '*' });
  const total = Number(counted[0]?.count ?? 0);
  if (query.limit <= 0 || query.offset >= total) return { total, rows: [] };
  const page = base().select(columns.map((column) => `r.${column}`));
  if (query.orderBy) query.orderBy(page);
  else page.orderBy('r.seq', 'asc');
  const rows = (await page.offset(query.offset).limit(query.limit)) as Row[];
  return { total, rows };
}
