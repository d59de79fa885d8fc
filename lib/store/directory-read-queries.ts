/**
 * The reads behind the host's read API (`scim.directory`): a tenant's user or group rows, live or tombstones, by
 * an indexed key, by e-mail, or by a SCIM filter with `active`, paged by offset with the exact total, or in
 * batches by position. The table is aliased `r`, as the filter and sort compilers expect. Rendering the rows into
 * SCIM documents is lib/directory-api's.
 */
import type { Knex } from 'knex';
import type { FilterNode } from '../scim/filter/ast.js';
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import type { ResourceTypeName } from '../scim/schema/types.js';
import { compileFilter } from './filter/compile-filter.js';
import { RESOURCE_COLUMNS, type GroupRow, type UserRow } from './resource-row.js';
import { firstRow, resultRows } from './result-rows.js';
import { orderByClause } from './sort-expression.js';

/** A row as the read API selects it: the resource columns and the tombstone time. */
export type ReadRow<R extends UserRow | GroupRow> = R & { readonly deleted_at: Date | null };

/** Which rows by deletion: `false` live ones, `true` live ones and tombstones, `'only'` tombstones. */
export type Tombstones = boolean | 'only';

/** One indexed key and its value (keys lower-cased by the caller where the column is), or an e-mail address. */
export type RowLookup =
  | { readonly column: 'id' | 'user_name_key' | 'display_name_key' | 'external_id'; readonly value: string }
  | { readonly email: string };

/** Which rows a list, count or batch covers. */
export interface RowQuery {
  /** A parsed SCIM filter, already checked against the registry. */
  readonly filter?: FilterNode;
  /** Users only: only active or inactive ones. */
  readonly active?: boolean;
  readonly tombstones: Tombstones;
}

/** The tables and selected columns of the read API. */
export interface ReadSource {
  readonly knex: Knex;
  readonly registry: SchemaRegistry;
  readonly type: ResourceTypeName;
}

const COLUMNS: Record<ResourceTypeName, readonly string[]> = {
  User: [...RESOURCE_COLUMNS, 'user_name', 'external_id', 'active', 'deleted_at'].map((c) => `r.${c}`),
  Group: [...RESOURCE_COLUMNS, 'display_name', 'external_id', 'deleted_at'].map((c) => `r.${c}`),
};

/**
 * The host's view of the users: a user with a change the deprovisioning guard holds (`scim_deprovisions`, migration
 * 0013) shows as it was before the hold — its earlier document, active, not deleted — while the SCIM API shows
 * the identity provider what it asked for. A plain subquery, so the planner pulls it up and the tenant condition
 * reaches both tables' keys.
 */
const HOST_VIEW_OF_USERS = `(select u.tenant_id, u.id, u.seq, u.user_name, u.user_name_key, u.external_id, u.display_name, u.given_name,
        u.family_name, u.revision, u.created_at, u.last_modified,
        coalesce(h.previous, u.doc) as doc,
        (u.active or h.user_id is not null) as active,
        case when h.user_id is null then u.deleted_at end as deleted_at
   from scim_users u
   left join scim_deprovisions h on h.tenant_id = u.tenant_id and h.user_id = u.id and h.held) as r`;

function scoped(source: ReadSource, tenantId: string, tombstones: Tombstones): Knex.QueryBuilder {
  const from = source.type === 'User' ? source.knex.from(source.knex.raw(HOST_VIEW_OF_USERS)) : source.knex('scim_groups as r');
  const builder = from.where('r.tenant_id', tenantId);
  if (tombstones === false) builder.whereNull('r.deleted_at');
  else if (tombstones === 'only') builder.whereNotNull('r.deleted_at');
  return builder;
}

function lookedUp(source: ReadSource, builder: Knex.QueryBuilder, lookup: RowLookup): Knex.QueryBuilder {
  if ('column' in lookup) return builder.andWhere(`r.${lookup.column}`, lookup.value);
  return builder.whereExists((sub) =>
    sub
      .select(source.knex.raw('1'))
      .from('scim_user_emails as e')
      .whereRaw('e.tenant_id = r.tenant_id and e.user_id = r.id')
      .andWhere('e.value_key', lookup.email.toLowerCase()),
  );
}

function queried(source: ReadSource, tenantId: string, query: RowQuery): Knex.QueryBuilder {
  const builder = scoped(source, tenantId, query.tombstones);
  if (query.filter !== undefined) {
    const compiled = compileFilter(source.registry, source.type, query.filter);
    builder.andWhere((inner) => inner.whereRaw(compiled.sql, [...compiled.bindings]));
  }
  if (query.active !== undefined) builder.andWhere('r.active', query.active);
  return builder;
}

/** The row a lookup finds: live before tombstones, then oldest first (a userName reused after a soft delete finds the live user). */
export async function selectFirstRow<R extends UserRow | GroupRow>(source: ReadSource, tenantId: string, lookup: RowLookup, tombstones: boolean): Promise<ReadRow<R> | undefined> {
  return firstRow<ReadRow<R>>(
    await lookedUp(source, scoped(source, tenantId, tombstones), lookup)
      .select(COLUMNS[source.type])
      .orderByRaw('r.deleted_at is not null, r.deleted_at desc, r.seq')
      .limit(1),
  );
}

/** Every row a lookup finds, oldest first. */
export async function selectRows<R extends UserRow | GroupRow>(source: ReadSource, tenantId: string, lookup: RowLookup, tombstones: Tombstones): Promise<ReadRow<R>[]> {
  return resultRows<ReadRow<R>>(await lookedUp(source, scoped(source, tenantId, tombstones), lookup).select(COLUMNS[source.type]).orderBy('r.seq'));
}

/** How many rows match. */
export async function countRows(source: ReadSource, tenantId: string, query: RowQuery): Promise<number> {
  const [counted] = resultRows<{ count: string | number }>(await queried(source, tenantId, query).count({ count: '*' }));
  return Number(counted?.count ?? 0);
}

/** Sorting and the page of a list: `sortBy` a SCIM attribute path (default creation order), 0-based `offset`. */
export interface RowPage {
  readonly sortBy: string | undefined;
  readonly sortOrder: 'ascending' | 'descending';
  readonly offset: number;
  readonly limit: number;
}

/** A page of matching rows and the exact total; the page is read only when it is not empty. */
export async function selectRowPage<R extends UserRow | GroupRow>(source: ReadSource, tenantId: string, query: RowQuery, page: RowPage): Promise<{ total: number; rows: ReadRow<R>[] }> {
  const order = orderByClause(source.registry, source.type, page.sortBy, page.sortOrder);
  const total = await countRows(source, tenantId, query);
  if (page.limit <= 0 || page.offset >= total) return { total, rows: [] };
  const rows = resultRows<ReadRow<R>>(
    await queried(source, tenantId, query)
      .select(COLUMNS[source.type])
      .orderByRaw(order.sql, [...order.bindings])
      .offset(page.offset)
      .limit(page.limit),
  );
  return { total, rows };
}

/** The next batch of matching rows in creation order after position `afterSeq` (no offset). */
export async function selectRowsAfter<R extends UserRow | GroupRow>(source: ReadSource, tenantId: string, query: RowQuery, afterSeq: string, limit: number): Promise<ReadRow<R>[]> {
  return resultRows<ReadRow<R>>(await queried(source, tenantId, query).andWhere('r.seq', '>', afterSeq).select(COLUMNS[source.type]).orderBy('r.seq').limit(limit));
}
