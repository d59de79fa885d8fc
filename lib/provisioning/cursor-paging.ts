/**
 * Cursor paging of a list or search (RFC 9865): `cursor` (empty for the first page) and `count` in, `nextCursor`
 * and `previousCursor` out. Pages are keyset reads from the position a cursor names (see `store/keyset-rows.ts`),
 * in the order `sortBy`/`sortOrder` ask for (RFC 7644 §3.4.2.3), so the thousandth page costs what the first does.
 *
 * `totalResults` is counted on the first page only: RFC 9865 lets a provider leave it out, and counting every
 * matching row on every page would make each page cost the whole result again. `nextCursor` is present on every
 * page but the last — its absence is how a client knows it is done — and `previousCursor` on every page but the
 * first.
 */
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import { LIST_RESPONSE_SCHEMA } from '../scim/schema/urns.js';
import { keysetGroups } from '../store/groups-store.js';
import type { KeysetPage, KeysetPosition, KeysetQuery } from '../store/keyset-rows.js';
import type { SqlFragment } from '../store/filter/sql-fragment.js';
import type { QueryRefinement } from '../store/list-rows.js';
import type { GroupRow, UserRow } from '../store/resource-row.js';
import { sortExpression } from '../store/sort-expression.js';
import { keysetUsers } from '../store/users-store.js';
import type { CursorScope, CursorState } from './cursor-codec.js';
import type { ListParams } from './list-params.js';
import { compileWhere } from './list-filter.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import { renderResources, withHoles } from './render-resources.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';

/** The ListResponse of a cursor page (RFC 9865 §2): no `startIndex`; cursors only where there is a page to go to. */
export function cursorListResponse(resources: readonly ScimResource[], cursors: { total?: number; next?: string; previous?: string }): ScimResponse & { readonly body: unknown } {
  return {
    status: 200,
    body: {
      schemas: [LIST_RESPONSE_SCHEMA],
      ...(cursors.total !== undefined ? { totalResults: cursors.total } : {}),
      itemsPerPage: resources.length,
      ...(cursors.next !== undefined ? { nextCursor: cursors.next } : {}),
      ...(cursors.previous !== undefined ? { previousCursor: cursors.previous } : {}),
      Resources: resources,
    },
  };
}

/** A row's place in a result: its keyset position, and its type when the result spans types (root search). */
export interface Place {
  readonly position: KeysetPosition;
  readonly type?: ResourceTypeName;
}

function at(place: Place | undefined): Pick<CursorState, 'position' | 'type'> {
  return place ? { position: place.position, ...(place.type ? { type: place.type } : {}) } : {};
}

/**
 * The cursors around a page read from `state`: `places` are the page's rows in order, `more` whether rows lie
 * beyond the page in the direction it was read.
 */
export function pageCursors(state: CursorState, places: readonly Place[], more: boolean): { next?: CursorState; previous?: CursorState } {
  const first = places[0];
  const last = places[places.length - 1];
  const here: Place | undefined = state.position ? { position: state.position, ...(state.type ? { type: state.type } : {}) } : undefined;
  if (state.direction === 'after') {
    return {
      ...(more ? { next: { direction: 'after', ...at(last ?? here) } } : {}),
      // The first page has no previous page (RFC 9865); any page reached from a position has.
      ...(here ? { previous: { direction: 'before', ...at(first ?? here) } } : {}),
    };
  }
  // Read backwards: there is a next page (the one the client came from); an empty page means nothing is left
  // before its position, so "next" starts from the beginning.
  return {
    next: { direction: 'after', ...at(last) },
    ...(more && first ? { previous: { direction: 'before', ...at(first) } } : {}),
  };
}

/** How one resource type is read by keyset for a query: its filter and sort. */
export interface TypeKeyset {
  readonly type: ResourceTypeName;
  readonly where?: QueryRefinement;
  readonly sortKey?: SqlFragment;
  readonly descending: boolean;
}

/** The keyset reading of `type` for `params`; 400 for a filter or sortBy that does not fit the type. */
export function typeKeyset(deps: ProvisioningDeps, type: ResourceTypeName, params: ListParams): TypeKeyset {
  const where = compileWhere(deps, type, params.filter);
  const sortKey = params.sortBy === undefined ? undefined : sortExpression(deps.registry, type, params.sortBy);
  return {
    type,
    ...(where ? { where } : {}),
    ...(sortKey ? { sortKey } : {}),
    // sortOrder without sortBy changes nothing (RFC 7644 §3.4.2.3), so it does not bind the cursor either.
    descending: sortKey !== undefined && params.sortOrder === 'descending',
  };
}

/** What a cursor of `params` is bound to: the tenant, the endpoint (`type` or `root`) and the query. */
export function cursorScope(tenantId: string, endpoint: string, params: ListParams): CursorScope {
  const descending = params.sortBy !== undefined && params.sortOrder === 'descending';
  return { tenantId, query: [endpoint, params.filter ?? '', params.sortBy ?? '', descending ? 'descending' : 'ascending'] };
}

/** Reads a page of one type by keyset; given the request's `client`, a search that the client's leaving cancels. */
export function readKeyset(
  deps: ProvisioningDeps,
  tenantId: string,
  keyset: TypeKeyset,
  from: Pick<KeysetQuery, 'position' | 'backward' | 'limit' | 'count' | 'client'>,
): Promise<KeysetPage<UserRow | GroupRow>> {
  const { type, ...sort } = keyset;
  const query: KeysetQuery = { ...sort, ...from, statement: deps.statements };
  return type === 'User' ? keysetUsers(deps.knex, tenantId, query) : keysetGroups(deps.knex, tenantId, query);
}

/** Lists or searches one resource type by cursor. */
export async function listByCursor(deps: ProvisioningDeps, type: ResourceTypeName, request: ScimRequest, params: ListParams & { readonly cursor: string }): Promise<ScimResponse> {
  const tenantId = request.tenant.id;
  const projection = deps.projector.parse(type, params.projection);
  const keyset = typeKeyset(deps, type, params);
  const scope = cursorScope(tenantId, type, params);
  const state: CursorState = params.cursor === '' ? { direction: 'after' } : await deps.cursors.decode(scope, params.cursor);
  const page = await readKeyset(deps, tenantId, keyset, {
    ...(state.position ? { position: state.position } : {}),
    backward: state.direction === 'before',
    limit: params.count,
    count: params.cursor === '',
    ...(request.client ? { client: request.client } : {}),
  });
  const around = pageCursors(state, page.positions.map((position) => ({ position })), page.more);
  const [next, previous] = await Promise.all([
    around.next ? deps.cursors.encode(scope, around.next) : undefined,
    around.previous ? deps.cursors.encode(scope, around.previous) : undefined,
  ]);
  const rendered = await renderResources(deps, { db: deps.knex, tenantId, baseUrl: request.baseUrl, projection }, type, page.rows);
  return withHoles(
    cursorListResponse(rendered.resources, {
      ...(page.total !== undefined ? { total: page.total } : {}),
      ...(next !== undefined ? { next } : {}),
      ...(previous !== undefined ? { previous } : {}),
    }),
    rendered.holes,
  );
}
