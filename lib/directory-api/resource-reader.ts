/**
 * What the user and group readers share: the tenant-scoped base query over a resource table (aliased `r`, as the
 * filter and sort compilers expect), the SCIM filter and simple options as SQL, paging, and rendering rows into
 * SCIM documents with the same functions the SCIM API uses.
 */
import type { Knex } from 'knex';
import { checkFilter } from '../scim/filter/check.js';
import { parseFilter } from '../scim/filter/parser.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import { compileFilter } from '../store/filter/compile-filter.js';
import { listDirectGroups, listMembers } from '../store/memberships-store.js';
import { RESOURCE_COLUMNS, type GroupRow, type UserRow } from '../store/resource-row.js';
import { orderByClause } from '../store/sort-expression.js';
import type { ProvisioningDeps } from '../provisioning/provisioning-deps.js';
import { groupResource, userResource } from '../provisioning/resource-document.js';
import type { DirectoryPage, IncludeDeleted, IterateOptions, ListOptions, QueryOptions, ReadOptions } from './types.js';

/** A row as the readers select it: the resource columns and the tombstone time. */
export type ReadRow<R extends UserRow | GroupRow> = R & { readonly deleted_at: Date | null };

const COLUMNS: Record<ResourceTypeName, readonly string[]> = {
  User: [...RESOURCE_COLUMNS, 'user_name', 'external_id', 'active', 'deleted_at'],
  Group: [...RESOURCE_COLUMNS, 'display_name', 'external_id', 'deleted_at'],
};

const TABLE: Record<ResourceTypeName, 'scim_users' | 'scim_groups'> = { User: 'scim_users', Group: 'scim_groups' };

/** Reads users or groups of one type for the host. */
export class ResourceReader<R extends UserRow | GroupRow> {
  constructor(
    private readonly deps: ProvisioningDeps,
    private readonly type: ResourceTypeName,
  ) {}

  /** The tenant's rows of this type, aliased `r`, live or tombstones as asked. */
  scoped(tenantId: string, includeDeleted: IncludeDeleted = false): Knex.QueryBuilder {
    const builder = this.deps.knex(`${TABLE[this.type]} as r`).where('r.tenant_id', tenantId);
    if (includeDeleted === false) builder.whereNull('r.deleted_at');
    else if (includeDeleted === 'only') builder.whereNotNull('r.deleted_at');
    return builder;
  }

  /** Adds a SCIM filter (parsed, checked against the schema, compiled to SQL; 400 ScimError if bad) and `active`. */
  refine(builder: Knex.QueryBuilder, options: QueryOptions): Knex.QueryBuilder {
    if (options.filter !== undefined && options.filter.trim() !== '') {
      const node = parseFilter(options.filter);
      checkFilter(this.deps.registry, this.type, node);
      const compiled = compileFilter(this.deps.registry, this.type, node);
      builder.andWhere((inner) => inner.whereRaw(compiled.sql, [...compiled.bindings]));
    }
    if (options.active !== undefined) {
      if (this.type !== 'User') throw new TypeError('scim-directory: "active" applies to users only.');
      builder.andWhere('r.active', options.active);
    }
    return builder;
  }

  /** The first row `where` selects, rendered; undefined when there is none. */
  async findOne(tenantId: string, where: (builder: Knex.QueryBuilder) => void, options: ReadOptions = {}): Promise<ScimResource | undefined> {
    const builder = this.scoped(tenantId, options.includeDeleted === 'only' ? true : options.includeDeleted);
    where(builder);
    // Live before tombstones, then oldest first: a userName reused after a soft delete finds the live user.
    const rows = (await builder
      .select(COLUMNS[this.type].map((c) => `r.${c}`))
      .orderByRaw('r.deleted_at is not null, r.deleted_at desc, r.seq')
      .limit(1)) as ReadRow<R>[];
    return (await this.render(tenantId, rows, options))[0];
  }

  /** Every row `where` selects, rendered, oldest first. */
  async findAll(tenantId: string, where: (builder: Knex.QueryBuilder) => void, options: ReadOptions = {}): Promise<ScimResource[]> {
    const builder = this.scoped(tenantId, options.includeDeleted ?? false);
    where(builder);
    const rows = (await builder.select(COLUMNS[this.type].map((c) => `r.${c}`)).orderBy('r.seq')) as ReadRow<R>[];
    return this.render(tenantId, rows, options);
  }

  /** A page with the exact total (RFC 7644 §3.4.2.4 paging rules: startIndex below 1 is 1, count clamped). */
  async list(tenantId: string, options: ListOptions = {}): Promise<DirectoryPage> {
    const startIndex = Math.max(1, Math.trunc(options.startIndex ?? 1));
    const count = Math.min(this.deps.options.maxPageSize, Math.max(0, Math.trunc(options.count ?? this.deps.options.defaultPageSize)));
    const order = orderByClause(this.deps.registry, this.type, options.sortBy, options.sortOrder ?? 'ascending');
    const base = (): Knex.QueryBuilder => this.refine(this.scoped(tenantId, options.includeDeleted ?? false), options);
    const [counted] = await base().count<{ count: string | number }[]>({ count: '*' });
    const totalResults = Number(counted?.count ?? 0);
    let rows: ReadRow<R>[] = [];
    if (count > 0 && startIndex - 1 < totalResults) {
      rows = (await base()
        .select(COLUMNS[this.type].map((c) => `r.${c}`))
        .orderByRaw(order.sql, [...order.bindings])
        .offset(startIndex - 1)
        .limit(count)) as ReadRow<R>[];
    }
    const resources = await this.render(tenantId, rows, options);
    return { totalResults, startIndex, itemsPerPage: resources.length, resources };
  }

  /** How many resources match. */
  async count(tenantId: string, options: QueryOptions = {}): Promise<number> {
    const [counted] = await this.refine(this.scoped(tenantId, options.includeDeleted ?? false), options).count<{ count: string | number }[]>({ count: '*' });
    return Number(counted?.count ?? 0);
  }

  /** Every matching resource in creation order, read in batches by position (no offset), for exports and syncs. */
  async *iterate(tenantId: string, options: IterateOptions = {}): AsyncGenerator<ScimResource, void, undefined> {
    const batchSize = Math.min(10_000, Math.max(1, Math.trunc(options.batchSize ?? 500)));
    let after = '0';
    for (;;) {
      const rows = (await this.refine(this.scoped(tenantId, options.includeDeleted ?? false), options)
        .andWhere('r.seq', '>', after)
        .select(COLUMNS[this.type].map((c) => `r.${c}`))
        .orderBy('r.seq')
        .limit(batchSize)) as ReadRow<R>[];
      for (const resource of await this.render(tenantId, rows, options)) yield resource;
      const last = rows[rows.length - 1];
      if (!last || rows.length < batchSize) return;
      after = String(last.seq);
    }
  }

  /** Rows → SCIM documents as the SCIM API renders them, projected; tombstones get `meta.deleted`. */
  async render(tenantId: string, rows: readonly ReadRow<R>[], options: Omit<ReadOptions, 'includeDeleted'>): Promise<ScimResource[]> {
    if (rows.length === 0) return [];
    const { deps, type } = this;
    const projection = deps.projector.parse(type, {
      ...(options.attributes !== undefined ? { attributes: options.attributes } : {}),
      ...(options.excludedAttributes !== undefined ? { excludedAttributes: options.excludedAttributes } : {}),
    });
    const baseUrl = `${deps.options.publicUrl ?? '/scim'}/${tenantId}/v2`;
    const ids = rows.map((row) => row.id);
    let documents: ScimResource[];
    if (type === 'User') {
      const groups = deps.projector.needsAttribute('User', projection, 'groups') ? await listDirectGroups(deps.knex, tenantId, ids) : undefined;
      documents = rows.map((row) => userResource(row as unknown as UserRow, baseUrl, groups?.get(row.id)));
    } else {
      const members = deps.projector.needsAttribute('Group', projection, 'members') ? await listMembers(deps.knex, tenantId, ids) : undefined;
      documents = rows.map((row) => groupResource(row as unknown as GroupRow, baseUrl, members?.get(row.id)));
    }
    return documents.map((document, index) => {
      const projected = deps.projector.project(type, document, projection);
      const deletedAt = rows[index]?.deleted_at;
      if (!deletedAt) return projected;
      const meta = typeof projected.meta === 'object' && projected.meta !== null ? projected.meta : {};
      return { ...projected, meta: { ...meta, deleted: new Date(deletedAt).toISOString() } };
    });
  }
}
