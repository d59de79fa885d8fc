/**
 * Listing and searching one resource type (RFC 7644 §3.4.2, §3.4.3): the filter is parsed, checked against the
 * schema and compiled to SQL over the tenant's rows (never evaluated in memory), sorted with a stable tie-breaker,
 * paged with an exact `totalResults`.
 */
import { checkFilter } from '../scim/filter/check.js';
import { parseFilter } from '../scim/filter/parser.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import { LIST_RESPONSE_SCHEMA } from '../scim/schema/urns.js';
import { directGroupsColumn } from '../store/direct-groups-column.js';
import type { ClientDeparture } from '../store/cancellable-search.js';
import { compileFilter } from '../store/filter/compile-filter.js';
import { isKeyLookup } from '../store/filter/key-lookup.js';
import type { SqlFragment } from '../store/filter/sql-fragment.js';
import { listGroups } from '../store/groups-store.js';
import type { StoreListQuery, StorePage } from '../store/list-rows.js';
import type { GroupRow, UserRow } from '../store/resource-row.js';
import { orderByClause } from '../store/sort-expression.js';
import { listUsers } from '../store/users-store.js';
import { listByCursor } from './cursor-paging.js';
import { listParamsFromQuery, listParamsFromSearchBody, type ListParams } from './list-params.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import { renderResources, withHoles } from './render-resources.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';

/**
 * The store query of `params` for `type`, compiled up front so that a bad filter or sortBy is a 400 before any
 * SQL runs. `offset`/`limit` are the window within this type's rows. When the response shows `User.groups`, the
 * page statement reads them too, so a page (or a `userName eq` lookup) is one statement. Given the request's
 * `client`, the query is a search that the client's leaving cancels, unless its filter is a lookup by key.
 */
export function compileListQuery(
  deps: ProvisioningDeps,
  type: ResourceTypeName,
  params: ListParams,
  offset: number,
  limit: number,
  client?: ClientDeparture,
): StoreListQuery {
  const compiled = compileFilterSql(deps, type, params.filter);
  const filter = compiled?.sql;
  const order = orderByClause(deps.registry, type, params.sortBy, params.sortOrder);
  const withGroups = type === 'User' && deps.projector.needsAttribute('User', deps.projector.parse('User', params.projection), 'groups');
  return {
    ...(filter ? { filter } : {}),
    order,
    offset,
    limit,
    statement: deps.statements,
    ...(client && !compiled?.keyLookup ? { client } : {}),
    ...(withGroups ? { extraColumns: [directGroupsColumn('r')] } : {}),
  };
}

/**
 * A filter parsed, checked against the schema and compiled to a SQL fragment over `r` (400 invalidFilter before any
 * SQL runs), and whether it is a lookup by key.
 */
function compileFilterSql(deps: ProvisioningDeps, type: ResourceTypeName, filter: string | undefined): { sql: SqlFragment; keyLookup: boolean } | undefined {
  if (filter === undefined) return undefined;
  const node = parseFilter(filter);
  checkFilter(deps.registry, type, node);
  return { sql: compileFilter(deps.registry, type, node), keyLookup: isKeyLookup(type, node) };
}

/** Runs a compiled query on the type's table. */
export function runListQuery(deps: ProvisioningDeps, type: ResourceTypeName, tenantId: string, query: StoreListQuery): Promise<StorePage<UserRow | GroupRow>> {
  return type === 'User' ? listUsers(deps.knex, tenantId, query) : listGroups(deps.knex, tenantId, query);
}

/** The ListResponse message (RFC 7644 §3.4.2): numbers as JSON numbers, `itemsPerPage` = resources returned. */
export function listResponse(totalResults: number, startIndex: number, resources: readonly ScimResource[]): ScimResponse & { readonly body: unknown } {
  return {
    status: 200,
    body: { schemas: [LIST_RESPONSE_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources },
  };
}

/** Lists or searches one resource type of the request's tenant, by index or, given a `cursor`, by cursor (RFC 9865). */
export async function listOfType(deps: ProvisioningDeps, type: ResourceTypeName, request: ScimRequest, params: ListParams): Promise<ScimResponse> {
  const { cursor } = params;
  if (cursor !== undefined) return listByCursor(deps, type, request, { ...params, cursor });
  const projection = deps.projector.parse(type, params.projection);
  const query = compileListQuery(deps, type, params, params.startIndex - 1, params.count, request.client);
  const page = await runListQuery(deps, type, request.tenant.id, query);
  const context = { db: deps.knex, tenantId: request.tenant.id, baseUrl: request.baseUrl, projection };
  const rendered = await renderResources(deps, context, type, page.rows);
  return withHoles(listResponse(page.total, params.startIndex, rendered.resources), rendered.holes);
}

/** `GET /Users` or `GET /Groups` (RFC 7644 §3.4.2). */
export function listFromQuery(deps: ProvisioningDeps, type: ResourceTypeName, request: ScimRequest): Promise<ScimResponse> {
  // The query holds filter/attributes under the same names as a SearchRequest, so the same dialect rules apply.
  const query = deps.normalize(type, 'search', request.query) as Readonly<Record<string, string>>;
  return listOfType(deps, type, request, listParamsFromQuery(query, deps.options));
}

/** `POST /Users/.search` or `POST /Groups/.search` (RFC 7644 §3.4.3). */
export function searchOfType(deps: ProvisioningDeps, type: ResourceTypeName, request: ScimRequest): Promise<ScimResponse> {
  return listOfType(deps, type, request, listParamsFromSearchBody(deps.normalize(type, 'search', request.body), deps.options));
}
