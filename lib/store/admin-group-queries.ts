/**
 * The admin UI's reads of a tenant's groups: prefix search on displayName, member counts, paging, and a group's
 * members paged (a group of 100 000 members is listed a page at a time, never loaded whole).
 */
import type { Knex } from 'knex';
import type { SqlFragment } from './filter/sql-fragment.js';
import { pageOf, type Page, type PageRequest } from './offset-page.js';
import { likePrefix } from './prefix-pattern.js';
import { firstRow, resultRows } from './result-rows.js';

/** A group as a list row. */
export interface GroupSummary {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly memberCount: number;
  readonly created: Date;
  readonly lastModified: Date;
}

/** What to list. */
export interface GroupListQuery extends PageRequest {
  /** Prefix of displayName, case-insensitive. */
  readonly q?: string;
  /** A compiled SCIM filter over the table aliased `r` (see filter/compile-filter.ts). */
  readonly where?: SqlFragment;
}

interface GroupListRow {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: Date;
  last_modified: Date;
  member_count: string | number;
}

const MEMBER_COUNT = `(select count(*) from scim_memberships m where m.tenant_id = r.tenant_id and m.group_id = r.id) as member_count`;

function toSummary(r: GroupListRow): GroupSummary {
  return {
    id: r.id,
    displayName: r.display_name,
    externalId: r.external_id,
    memberCount: Number(r.member_count),
    created: new Date(r.created_at),
    lastModified: new Date(r.last_modified),
  };
}

/** A page of a tenant's groups, by displayName. */
export async function listGroupsForAdmin(db: Knex, tenantId: string, query: GroupListQuery): Promise<Page<GroupSummary>> {
  const base = (): Knex.QueryBuilder => {
    const b = db('scim_groups as r').where('r.tenant_id', tenantId).whereNull('r.deleted_at');
    if (query.q?.trim()) b.andWhere('r.display_name_key', 'like', likePrefix(query.q.trim()));
    const where = query.where;
    if (where) b.andWhere((inner) => inner.whereRaw(where.sql, [...where.bindings]));
    return b;
  };
  const [counted] = resultRows<{ count: string | number }>(await base().count({ count: '*' }));
  const total = Number(counted?.count ?? 0);
  if (query.startIndex > total) return pageOf(query, total, []);
  const rows = resultRows<GroupListRow>(
    await base()
      .select('r.id', 'r.display_name', 'r.external_id', 'r.created_at', 'r.last_modified', db.raw(MEMBER_COUNT))
      .orderBy([{ column: 'r.display_name_key' }, { column: 'r.seq' }])
      .offset(query.startIndex - 1)
      .limit(query.count),
  );
  return pageOf(query, total, rows.map(toSummary));
}

/** A group's SCIM document (members left out: they are paged separately) and its summary. */
export interface GroupDetail {
  readonly summary: GroupSummary;
  readonly resource: Record<string, unknown>;
}

/** One group, or undefined. */
export async function getGroupForAdmin(db: Knex, tenantId: string, id: string, location: string): Promise<GroupDetail | undefined> {
  const row = firstRow<GroupListRow & { doc: Record<string, unknown>; revision: number }>(
    await db('scim_groups as r')
      .where({ 'r.tenant_id': tenantId, 'r.id': id })
      .whereNull('r.deleted_at')
      .first('r.id', 'r.display_name', 'r.external_id', 'r.created_at', 'r.last_modified', 'r.doc', 'r.revision', db.raw(MEMBER_COUNT)),
  );
  if (!row) return undefined;
  const summary = toSummary(row);
  const resource: Record<string, unknown> = {
    ...row.doc,
    id: row.id,
    meta: {
      resourceType: 'Group',
      created: summary.created.toISOString(),
      lastModified: summary.lastModified.toISOString(),
      version: `W/"${row.revision}"`,
      location,
    },
  };
  return { summary, resource };
}

/** A member of a group as listed. */
export interface GroupMember {
  readonly id: string;
  readonly type: 'User' | 'Group';
  /** userName of a user, displayName of a group. */
  readonly name: string | null;
  readonly displayName: string | null;
  readonly active: boolean | null;
}

/** A page of a group's members, in a stable order (the primary key), names joined in. */
export async function listGroupMembers(db: Knex, tenantId: string, groupId: string, page: PageRequest): Promise<Page<GroupMember>> {
  const [counted] = resultRows<{ count: string | number }>(await db('scim_memberships').where({ tenant_id: tenantId, group_id: groupId }).count({ count: '*' }));
  const total = Number(counted?.count ?? 0);
  if (page.startIndex > total) return pageOf(page, total, []);
  const rows = resultRows<{
    member_id: string;
    member_type: 'User' | 'Group';
    user_name: string | null;
    user_display: string | null;
    active: boolean | null;
    group_display: string | null;
  }>(
    await db('scim_memberships as m')
      .leftJoin('scim_users as u', (j) => j.on('u.tenant_id', '=', 'm.tenant_id').andOn('u.id', '=', 'm.member_id'))
      .leftJoin('scim_groups as g', (j) => j.on('g.tenant_id', '=', 'm.tenant_id').andOn('g.id', '=', 'm.member_id'))
      .where({ 'm.tenant_id': tenantId, 'm.group_id': groupId })
      .orderBy('m.member_id')
      .offset(page.startIndex - 1)
      .limit(page.count)
      .select('m.member_id', 'm.member_type', 'u.user_name', 'u.display_name as user_display', 'u.active', 'g.display_name as group_display'),
  );
  return pageOf(
    page,
    total,
    rows.map((r) => ({
      id: r.member_id,
      type: r.member_type,
      name: r.member_type === 'User' ? r.user_name : r.group_display,
      displayName: r.member_type === 'User' ? r.user_display : r.group_display,
      active: r.member_type === 'User' ? r.active : null,
    })),
  );
}
