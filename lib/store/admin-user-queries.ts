/**
 * The admin UI's reads of a tenant's users: prefix search over userName, names and emails, sorting, server-side
 * paging, and a user's full SCIM document with its groups (direct and nested). Plain knex over the directory
 * tables, built to stay fast at a million users: every search term is a prefix on an indexed lower-case key
 * (migration 0002).
 */
import type { Knex } from 'knex';
import type { SqlFragment } from './filter/sql-fragment.js';
import { pageOf, type Page, type PageRequest } from './offset-page.js';
import { likePrefix } from './prefix-pattern.js';
import { userGroupsForAdmin, type AdminUserGroup } from './admin-user-groups.js';
import { firstRow, resultRows } from './result-rows.js';

/** Sort keys of the user list. */
export const USER_SORT_KEYS = ['userName', 'displayName', 'familyName', 'created', 'lastModified'] as const;
/** A sort key of the user list. */
export type UserSortKey = (typeof USER_SORT_KEYS)[number];

/**
 * The sort expressions, each the leading key of an index after `tenant_id` (0001 and 0002 migrations), with `seq`
 * as the tie-breaker those indexes end with, so a first page is an index scan, not a sort of every user. Creation
 * order is insertion order, which `seq` is. PostgreSQL's default null placement is kept for the same reason.
 */
const SORT_COLUMNS: Record<UserSortKey, readonly string[]> = {
  userName: ['r.user_name_key'],
  displayName: ['lower(r.display_name)'],
  familyName: ['lower(r.family_name)'],
  created: [],
  lastModified: ['r.last_modified'],
};

/** A user as a list row. */
export interface UserSummary {
  readonly id: string;
  readonly userName: string;
  readonly displayName: string | null;
  readonly name: string | null;
  readonly email: string | null;
  readonly externalId: string | null;
  readonly active: boolean;
  readonly created: Date;
  readonly lastModified: Date;
}

/** What to list. */
export interface UserListQuery extends PageRequest {
  /** Prefix of userName, displayName, givenName, familyName or an email, case-insensitive. */
  readonly q?: string;
  /** A compiled SCIM filter over the table aliased `r` (see filter/compile-filter.ts). */
  readonly where?: SqlFragment;
  readonly sortBy: UserSortKey;
  readonly sortOrder: 'ascending' | 'descending';
}

interface UserListRow {
  id: string;
  user_name: string;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  external_id: string | null;
  active: boolean;
  created_at: Date;
  last_modified: Date;
  email: string | null;
  formatted: string | null;
}

/**
 * Adds the prefix search to a query over `scim_users as r`. Written as a union of one index range scan per key
 * (each on its `text_pattern_ops` index) rather than one `or` over the row: PostgreSQL cannot combine an `or`
 * that includes the emails subquery into index scans and would read every user of the tenant.
 */
export function whereUserMatches(db: Knex, builder: Knex.QueryBuilder, tenantId: string, q: string): void {
  const pattern = likePrefix(q.trim());
  const keys = ['user_name_key', 'lower(display_name)', 'lower(given_name)', 'lower(family_name)'];
  const branches = keys.map((key) => db.raw(`select id from scim_users where tenant_id = ? and ${key} like ?`, [tenantId, pattern]));
  branches.push(db.raw('select user_id from scim_user_emails where tenant_id = ? and value_key like ?', [tenantId, pattern]));
  builder.whereRaw(`r.id in (${branches.map(() => '?').join(' union ')})`, branches);
}

/** The count and page queries of a user list (exported for the index-plan test). */
export function userListQueries(db: Knex, tenantId: string, query: UserListQuery): { count: () => Knex.QueryBuilder; page: () => Knex.QueryBuilder } {
  const base = (): Knex.QueryBuilder => {
    const b = db('scim_users as r').where('r.tenant_id', tenantId).whereNull('r.deleted_at');
    if (query.q?.trim()) whereUserMatches(db, b, tenantId, query.q);
    const where = query.where;
    if (where) b.andWhere((inner) => inner.whereRaw(where.sql, [...where.bindings]));
    return b;
  };
  const direction = query.sortOrder === 'descending' ? 'desc' : 'asc';
  const order = [...SORT_COLUMNS[query.sortBy], 'r.seq'].map((column) => `${column} ${direction}`).join(', ');
  return {
    count: () => base().count({ count: '*' }),
    page: () =>
      base()
        .select(
          'r.id',
          'r.user_name',
          'r.display_name',
          'r.given_name',
          'r.family_name',
          'r.external_id',
          'r.active',
          'r.created_at',
          'r.last_modified',
          db.raw(`r.doc #>> '{name,formatted}' as formatted`),
          db.raw(
            `(select el ->> 'value' from jsonb_array_elements(case when jsonb_typeof(r.doc -> 'emails') = 'array' then r.doc -> 'emails' else '[]'::jsonb end)
               with ordinality as x(el, n) order by (el ->> 'primary') = 'true' desc, n limit 1) as email`,
          ),
        )
        .orderByRaw(order)
        .offset(query.startIndex - 1)
        .limit(query.count),
  };
}

/** A page of a tenant's users. */
export async function listUsersForAdmin(db: Knex, tenantId: string, query: UserListQuery): Promise<Page<UserSummary>> {
  const queries = userListQueries(db, tenantId, query);
  const [counted] = resultRows<{ count: string | number }>(await queries.count());
  const total = Number(counted?.count ?? 0);
  if (query.startIndex > total) return pageOf(query, total, []);
  const rows = resultRows<UserListRow>(await queries.page());
  return pageOf(
    query,
    total,
    rows.map((r) => ({
      id: r.id,
      userName: r.user_name,
      displayName: r.display_name,
      name: r.formatted ?? ([r.given_name, r.family_name].filter(Boolean).join(' ') || null),
      email: r.email,
      externalId: r.external_id,
      active: r.active,
      created: new Date(r.created_at),
      lastModified: new Date(r.last_modified),
    })),
  );
}

/** A user's full SCIM document (RFC 7643 §4.1 with `meta` and its direct `groups`) and its groups, nested ones too. */
export interface UserDetail {
  readonly resource: Record<string, unknown>;
  readonly groups: AdminUserGroup[];
}

interface UserDocRow {
  id: string;
  doc: Record<string, unknown>;
  revision: number;
  created_at: Date;
  last_modified: Date;
}

/** One user with its groups, or undefined. `location` is the SCIM URL of the user. */
export async function getUserForAdmin(db: Knex, tenantId: string, id: string, location: string): Promise<UserDetail | undefined> {
  const row = firstRow<UserDocRow>(
    await db('scim_users').where({ tenant_id: tenantId, id }).whereNull('deleted_at').first('id', 'doc', 'revision', 'created_at', 'last_modified'),
  );
  if (!row) return undefined;
  const groups = await userGroupsForAdmin(db, tenantId, id);
  const direct = groups.filter((g) => g.type === 'direct');
  const resource: Record<string, unknown> = {
    ...row.doc,
    id: row.id,
    ...(direct.length > 0 ? { groups: direct.map((g) => ({ value: g.id, display: g.displayName, type: 'direct' })) } : {}),
    meta: {
      resourceType: 'User',
      created: new Date(row.created_at).toISOString(),
      lastModified: new Date(row.last_modified).toISOString(),
      version: `W/"${row.revision}"`,
      location,
    },
  };
  return { resource, groups };
}

/** A user named by id, as a link on another user's page shows it (the enterprise manager). */
export interface UserLabel {
  readonly id: string;
  readonly userName: string;
  readonly displayName: string | null;
}

/** The userName and displayName of a live user of the tenant, or undefined. */
export async function userLabelForAdmin(db: Knex, tenantId: string, id: string): Promise<UserLabel | undefined> {
  const row = firstRow<{ id: string; user_name: string; display_name: string | null }>(
    await db('scim_users').where({ tenant_id: tenantId, id }).whereNull('deleted_at').first('id', 'user_name', 'display_name'),
  );
  return row && { id: row.id, userName: row.user_name, displayName: row.display_name };
}
