/**
 * What the user and group readers share: checking the options (a SCIM filter is parsed and checked against the
 * schema here, so a bad one is a 400 ScimError before any read), the reads of store/directory-read-queries.ts, and
 * rendering rows into SCIM documents with the same functions the SCIM API uses.
 */
import { checkFilter } from '../scim/filter/check.js';
import { parseFilter } from '../scim/filter/parser.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import {
  countRows,
  selectFirstRow,
  selectRowPage,
  selectRows,
  selectRowsAfter,
  type ReadRow,
  type ReadSource,
  type RowLookup,
  type RowQuery,
} from '../store/directory-read-queries.js';
import { listDirectGroups, listMembers } from '../store/memberships-store.js';
import type { GroupRow, UserRow } from '../store/resource-row.js';
import type { ProvisioningDeps } from '../provisioning/provisioning-deps.js';
import { groupResource, userResource } from '../provisioning/resource-document.js';
import type { DirectoryPage, IterateOptions, ListOptions, QueryOptions, ReadOptions } from './read-api-types.js';

/** The dependencies of a tenant's own schema (its registry with its extensions), by tenant id. */
export type TenantDeps = (tenantId: string) => Promise<ProvisioningDeps>;

/** The options that name attributes, which must then be resolved in the tenant's own schema. */
function namesAttributes(options: QueryOptions & Omit<ReadOptions, 'includeDeleted'> & { readonly sortBy?: string }): boolean {
  return [options.filter, options.sortBy, options.attributes, options.excludedAttributes].some((value) => value !== undefined && String(value).trim() !== '');
}

/** Reads users or groups of one type for the host. */
export class ResourceReader<R extends UserRow | GroupRow> {
  private readonly source: ReadSource;

  constructor(
    private readonly deps: ProvisioningDeps,
    private readonly type: ResourceTypeName,
    private readonly tenantDeps?: TenantDeps,
  ) {
    this.source = { knex: deps.knex, registry: deps.registry, type };
  }

  /**
   * The dependencies and row source for reading `tenantId` with `options`: the tenant's own schema when the options
   * name attributes (a filter, sort or projection may name the tenant's extension attributes), else the shared one,
   * which spares the tenant lookup.
   */
  private async scoped(tenantId: string, options: Parameters<typeof namesAttributes>[0]): Promise<{ deps: ProvisioningDeps; source: ReadSource }> {
    if (!this.tenantDeps || !namesAttributes(options)) return { deps: this.deps, source: this.source };
    const deps = await this.tenantDeps(tenantId);
    return { deps, source: { ...this.source, registry: deps.registry } };
  }

  /** The filter, `active` and tombstone options as a row query (400 ScimError for a bad filter). */
  private rowQuery(deps: ProvisioningDeps, options: QueryOptions): RowQuery {
    let filter;
    if (options.filter !== undefined && options.filter.trim() !== '') {
      filter = parseFilter(options.filter);
      checkFilter(deps.registry, this.type, filter);
    }
    if (options.active !== undefined && this.type !== 'User') throw new TypeError('scim-directory: "active" applies to users only.');
    return {
      ...(filter !== undefined ? { filter } : {}),
      ...(options.active !== undefined ? { active: options.active } : {}),
      tombstones: options.includeDeleted ?? false,
    };
  }

  /** The resource a lookup finds, rendered (live before tombstones); undefined when there is none. */
  async findOne(tenantId: string, lookup: RowLookup, options: ReadOptions = {}): Promise<ScimResource | undefined> {
    const row = await selectFirstRow<R>(this.source, tenantId, lookup, options.includeDeleted === 'only' ? true : (options.includeDeleted ?? false));
    return row ? (await this.render(tenantId, [row], options, await this.scoped(tenantId, options)))[0] : undefined;
  }

  /** Every resource a lookup finds, rendered, oldest first. */
  async findAll(tenantId: string, lookup: RowLookup, options: ReadOptions = {}): Promise<ScimResource[]> {
    return this.render(tenantId, await selectRows<R>(this.source, tenantId, lookup, options.includeDeleted ?? false), options, await this.scoped(tenantId, options));
  }

  /** A page with the exact total (RFC 7644 §3.4.2.4 paging rules: startIndex below 1 is 1, count clamped). */
  async list(tenantId: string, options: ListOptions = {}): Promise<DirectoryPage> {
    const startIndex = Math.max(1, Math.trunc(options.startIndex ?? 1));
    const count = Math.min(this.deps.options.maxPageSize, Math.max(0, Math.trunc(options.count ?? this.deps.options.defaultPageSize)));
    const scope = await this.scoped(tenantId, options);
    const { total, rows } = await selectRowPage<R>(scope.source, tenantId, this.rowQuery(scope.deps, options), {
      sortBy: options.sortBy,
      sortOrder: options.sortOrder ?? 'ascending',
      offset: startIndex - 1,
      limit: count,
    });
    const resources = await this.render(tenantId, rows, options, scope);
    return { totalResults: total, startIndex, itemsPerPage: resources.length, resources };
  }

  /** How many resources match. */
  async count(tenantId: string, options: QueryOptions = {}): Promise<number> {
    const scope = await this.scoped(tenantId, options);
    return countRows(scope.source, tenantId, this.rowQuery(scope.deps, options));
  }

  /** Every matching resource in creation order, read in batches by position (no offset), for exports and syncs. */
  async *iterate(tenantId: string, options: IterateOptions = {}): AsyncGenerator<ScimResource, void, undefined> {
    const batchSize = Math.min(10_000, Math.max(1, Math.trunc(options.batchSize ?? 500)));
    const scope = await this.scoped(tenantId, options);
    const query = this.rowQuery(scope.deps, options);
    let after = '0';
    for (;;) {
      const rows = await selectRowsAfter<R>(scope.source, tenantId, query, after, batchSize);
      for (const resource of await this.render(tenantId, rows, options, scope)) yield resource;
      const last = rows[rows.length - 1];
      if (!last || rows.length < batchSize) return;
      after = String(last.seq);
    }
  }

  /**
   * Rows → SCIM documents as the SCIM API renders them, projected (with the tenant's schema when `scope` has it);
   * tombstones get `meta.deleted`.
   */
  async render(tenantId: string, rows: readonly ReadRow<R>[], options: Omit<ReadOptions, 'includeDeleted'>, scope?: { readonly deps: ProvisioningDeps }): Promise<ScimResource[]> {
    if (rows.length === 0) return [];
    const deps = scope?.deps ?? (namesAttributes(options) ? (await this.scoped(tenantId, options)).deps : this.deps);
    const { type } = this;
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
