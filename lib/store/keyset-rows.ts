/**
 * Keyset paging over a tenant's users or groups (the resource table aliased `r`), for RFC 9865 cursors: a page
 * starts strictly after (or before) a position — the sortBy value and `seq` of a row — instead of skipping rows,
 * so a page deep in a million rows reads as few index entries as the first page.
 *
 * The order is the one of RFC 7644 §3.4.2.3 as `sort-expression.ts` emits it: `E asc nulls last, seq asc`, or
 * `E desc nulls first, seq desc`. Reading backwards reverses it, and the reverse of one is the other, so two scan
 * orders cover all four cases. Rows with a value and rows without are read by separate statements (at most one
 * each per page): `E >= v and (E > v or seq > s)` is a range on any index over E, where a single disjunction
 * with `E is null` would be a scan and a sort.
 */
import type { Knex } from 'knex';
import { cancellableSearch, type ClientDeparture } from './cancellable-search.js';
import type { QueryRefinement } from './list-rows.js';
import { bound, sql, type SqlFragment } from './filter/sql-fragment.js';
import { resultRows } from './result-rows.js';
import { runStatement, type StatementSettings } from './statement-limits.js';

/** A place in the sorted result: the row's sortBy value as text (null when it has none) and its `seq`. */
export interface KeysetPosition {
  readonly sortValue: string | null;
  readonly seq: string;
}

/** What to read. */
export interface KeysetQuery {
  /** The compiled filter, if any. */
  readonly where?: QueryRefinement;
  /** The sortBy expression over `r`; undefined: creation order (`seq`) alone. */
  readonly sortKey?: SqlFragment;
  readonly descending: boolean;
  /** Rows strictly after `position` in sort order, or strictly before it (`backward`); no position: from the start. */
  readonly position?: KeysetPosition;
  readonly backward: boolean;
  readonly limit: number;
  /** Also count every matching row (the first page's `totalResults`). */
  readonly count: boolean;
  /** How the statements run outside a transaction: timeout and prepared names (statement-limits.ts); undefined: unbounded, unnamed. */
  readonly statement?: StatementSettings;
  /** The request's client: the statements are cancelled if it leaves (cancellable-search.ts). */
  readonly client?: ClientDeparture;
}

/** A page in sort order, with each row's position. */
export interface KeysetPage<Row> {
  readonly rows: Row[];
  readonly positions: KeysetPosition[];
  /** More rows lie beyond the page in the direction read. */
  readonly more: boolean;
  readonly total?: number;
}

/** One statement's part of a scan: a condition and the order it is read in. */
interface Phase {
  readonly where: SqlFragment;
  readonly orderBy: SqlFragment;
}

const ASC = sql`r.seq asc`;
const DESC = sql`r.seq desc`;

/** The phases of a scan in ascending order with missing values last, from `position` (exclusive). */
function ascending(e: SqlFragment, position: KeysetPosition | undefined): Phase[] {
  const withValue = { orderBy: sql`${e} asc, r.seq asc`, where: sql`${e} is not null` };
  const without = { orderBy: ASC, where: sql`${e} is null` };
  if (!position) return [withValue, without];
  const s = bound(position.seq);
  if (position.sortValue === null) return [{ ...without, where: sql`${e} is null and r.seq > ${s}` }];
  const v = bound(position.sortValue);
  return [{ ...withValue, where: sql`${e} >= ${v} and (${e} > ${v} or r.seq > ${s})` }, without];
}

/** The phases of a scan in descending order with missing values first, from `position` (exclusive). */
function descending(e: SqlFragment, position: KeysetPosition | undefined): Phase[] {
  const withValue = { orderBy: sql`${e} desc, r.seq desc`, where: sql`${e} is not null` };
  const without = { orderBy: DESC, where: sql`${e} is null` };
  if (!position) return [without, withValue];
  const s = bound(position.seq);
  if (position.sortValue === null) return [{ ...without, where: sql`${e} is null and r.seq < ${s}` }, withValue];
  const v = bound(position.sortValue);
  return [{ ...withValue, where: sql`${e} <= ${v} and (${e} < ${v} or r.seq < ${s})` }];
}

function phasesOf(query: KeysetQuery): Phase[] {
  // Forward ascending and backward descending both scan ascending.
  const scanAscending = query.descending === query.backward;
  const position = query.position;
  if (!query.sortKey) {
    const s = position ? bound(position.seq) : undefined;
    if (scanAscending) return [{ orderBy: ASC, where: s ? sql`r.seq > ${s}` : sql`true` }];
    return [{ orderBy: DESC, where: s ? sql`r.seq < ${s}` : sql`true` }];
  }
  return scanAscending ? ascending(query.sortKey, position) : descending(query.sortKey, position);
}

/**
 * Reads one page of `table` for `tenantId` by keyset (see the module comment). Deleted rows are never listed.
 * `columns` must include `seq`. With `query.client` the statements run as a search that its client's leaving
 * cancels (cancellable-search.ts).
 */
export function keysetRows<Row extends { readonly seq: string }>(
  db: Knex,
  table: 'scim_users' | 'scim_groups',
  tenantId: string,
  columns: readonly string[],
  query: KeysetQuery,
): Promise<KeysetPage<Row>> {
  if (!query.client) return keysetOn<Row>(db, table, tenantId, columns, query);
  return cancellableSearch(db, query, (conn, statement) => keysetOn<Row>(conn, table, tenantId, columns, { ...query, statement }));
}

/** The statements of {@link keysetRows} on `db`. */
async function keysetOn<Row extends { readonly seq: string }>(
  db: Knex,
  table: 'scim_users' | 'scim_groups',
  tenantId: string,
  columns: readonly string[],
  query: KeysetQuery,
): Promise<KeysetPage<Row>> {
  const base = (): Knex.QueryBuilder => {
    const builder = db(`${table} as r`).where('r.tenant_id', tenantId).whereNull('r.deleted_at');
    if (query.where) builder.andWhere((inner) => query.where?.(inner));
    return builder;
  };
  let total: number | undefined;
  if (query.count) {
    const counted = resultRows<{ count: string | number }>(await runStatement(base().count({ count: '*' }), query.statement));
    total = Number(counted[0]?.count ?? 0);
  }
  // One row more than the page tells whether there is more beyond it (a page of 0 still looks ahead).
  const limit = Math.max(0, query.limit);
  const wanted = limit + 1;
  const found: (Row & { keyset_sort_value?: string | null })[] = [];
  for (const phase of phasesOf(query)) {
    if (found.length >= wanted) break;
    const page = base()
      .select(columns.map((column) => `r.${column}`))
      .andWhereRaw(phase.where.sql, [...phase.where.bindings])
      .orderByRaw(phase.orderBy.sql, [...phase.orderBy.bindings])
      .limit(wanted - found.length);
    if (query.sortKey) page.select(db.raw(`(${query.sortKey.sql})::text as keyset_sort_value`, [...query.sortKey.bindings]));
    found.push(...resultRows<Row & { keyset_sort_value?: string | null }>(await runStatement(page, query.statement)));
  }
  const more = found.length > limit;
  const rows = found.slice(0, limit);
  if (query.backward) rows.reverse();
  const positions = rows.map((row) => ({ sortValue: row.keyset_sort_value ?? null, seq: String(row.seq) }));
  for (const row of rows) delete row.keyset_sort_value;
  return { rows, positions, more, ...(total !== undefined ? { total } : {}) };
}
