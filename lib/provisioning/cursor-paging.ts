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

/** The cursors around a page read from `state`. */
export function pageCursors(state: CursorState, page: Pick<KeysetPage<unknown>, 'positions' | 'more'>): { next?: CursorState; previous?: CursorState } {
  const first: KeysetPosition | undefined = page.positions[0];
  const last: KeysetPosition | undefined = page.positions[page.positions.length - 1];
  if (state.direction === 'after') {
    const from = first ?? state.position;
    return {
      ...(page.more ? { next: { direction: 'after', ...(last ?? state.position ? { position: last ?? state.position } : {}) } } : {}),
      ...(state.position && from ? { previous: { direction: 'before', position: from } } : {}),
    };
  }
  // Read backwards: there is a next page (the one the client came from); an empty page means nothing is left
  // before its position, so "next" starts from the beginning.
  return {
    next: last ? { direction: 'after', position: last } : { direction: 'after' },
    ...(page.more && first ? { previous: { direction: 'before', position: first } } : {}),
  };
}

/** Lists or searches one resource type by cursor. */
export async function listByCursor(deps: ProvisioningDeps, type: ResourceTypeName, request: ScimRequest, params: ListParams & { readonly cursor: string }): Promise<ScimResponse> {
  const tenantId = request.tenant.id;
  const projection = deps.projector.parse(type, params.projection);
  const where = compileWhere(deps, type, params.filter);
  const sortKey = params.sortBy === undefined ? undefined : sortExpression(deps.registry, type, params.sortBy);
  // sortOrder without sortBy changes nothing (RFC 7644 §3.4.2.3), so it does not bind the cursor either.
  const descending = sortKey !== undefined && params.sortOrder === 'descending';
  const scope: CursorScope = { tenantId, query: [type, params.filter ?? '', params.sortBy ?? '', descending ? 'descending' : 'ascending'] };
  const state: CursorState = params.cursor === '' ? { direction: 'after' } : await deps.cursors.decode(scope, params.cursor);
  const query: KeysetQuery = {
    ...(where ? { where } : {}),
    ...(sortKey ? { sortKey } : {}),
    descending,
    ...(state.position ? { position: state.position } : {}),
    backward: state.direction === 'before',
    limit: params.count,
    count: params.cursor === '',
  };
  const page: KeysetPage<UserRow | GroupRow> = type === 'User' ? await keysetUsers(deps.knex, tenantId, query) : await keysetGroups(deps.knex, tenantId, query);
  const around = pageCursors(state, page);
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
