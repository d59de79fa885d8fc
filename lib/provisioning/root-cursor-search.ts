/**
 * Cursor paging of `POST /.search` at the service root (RFC 7644 §3.4.3 with RFC 9865): the result is the
 * matching users, then the matching groups, each in the requested order, as for index paging; a cursor names a
 * position within one of the types, and a page that reaches the end of one type continues with the next (or,
 * read backwards, with the end of the previous one). Types the filter does not fit contribute nothing.
 */
import { ScimError } from '../scim/errors.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import type { GroupRow, UserRow } from '../store/resource-row.js';
import { invalidCursor, type CursorState } from './cursor-codec.js';
import { cursorListResponse, cursorScope, pageCursors, readKeyset, typeKeyset, type Place, type TypeKeyset } from './cursor-paging.js';
import type { JsonHole } from './json-stream.js';
import type { ListParams } from './list-params.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import { renderResources, withHoles } from './render-resources.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';

const TYPES: readonly ResourceTypeName[] = ['User', 'Group'];

interface Entry {
  readonly row: UserRow | GroupRow;
  readonly place: Place & { readonly type: ResourceTypeName };
}

/** The keyset reading of every type the filter and sortBy fit; the first type's 400 when none does. */
function keysetsFor(deps: ProvisioningDeps, params: ListParams): TypeKeyset[] {
  const keysets: TypeKeyset[] = [];
  let firstError: unknown;
  for (const type of TYPES) {
    try {
      keysets.push(typeKeyset(deps, type, params));
    } catch (error) {
      if (!(error instanceof ScimError) || error.status !== 400) throw error;
      firstError ??= error;
    }
  }
  if (keysets.length === 0) throw firstError;
  return keysets;
}

/** Reads up to `count` + 1 entries from `state` across the types, in result order. */
async function readAcross(deps: ProvisioningDeps, request: ScimRequest, keysets: readonly TypeKeyset[], state: CursorState, count: number, counting: boolean) {
  const tenantId = request.tenant.id;
  const client = request.client ? { client: request.client } : {};
  const backward = state.direction === 'before';
  const wanted = count + 1;
  let index = state.type ? keysets.findIndex((keyset) => keyset.type === state.type) : backward ? keysets.length - 1 : 0;
  let position = state.position;
  let entries: Entry[] = [];
  let total = counting ? 0 : undefined;
  let more = false;
  for (; index >= 0 && index < keysets.length; index += backward ? -1 : 1) {
    const room = wanted - entries.length;
    // Once the page is full, later types are read only to count them (the first page's totalResults).
    if (room <= 0 && total === undefined) break;
    const keyset = keysets[index] as TypeKeyset;
    const page = await readKeyset(deps, tenantId, keyset, { ...(position ? { position } : {}), backward, limit: Math.max(0, room), count: total !== undefined, ...client });
    if (total !== undefined) total += page.total ?? 0;
    const read = page.rows.map((row, i) => ({ row, place: { position: page.positions[i] as Place['position'], type: keyset.type } }));
    entries = backward ? [...read, ...entries] : [...entries, ...read];
    more ||= page.more && room > 0;
    position = undefined;
  }
  if (entries.length > count) {
    more = true;
    entries = backward ? entries.slice(entries.length - count) : entries.slice(0, count);
  }
  return { entries, more, total };
}

/** Runs a root search by cursor. */
export async function searchAllByCursor(deps: ProvisioningDeps, request: ScimRequest, params: ListParams & { readonly cursor: string }): Promise<ScimResponse> {
  const tenantId = request.tenant.id;
  const keysets = keysetsFor(deps, params);
  const scope = cursorScope(tenantId, 'root', params);
  const state: CursorState = params.cursor === '' ? { direction: 'after' } : await deps.cursors.decode(scope, params.cursor);
  if (state.position && !keysets.some((keyset) => keyset.type === state.type)) {
    throw invalidCursor('The cursor does not name a position of this search; start again with an empty cursor.');
  }
  const { entries, more, total } = await readAcross(deps, request, keysets, state, params.count, params.cursor === '');
  const around = pageCursors(state, entries.map((entry) => entry.place), more);
  const [next, previous] = await Promise.all([
    around.next ? deps.cursors.encode(scope, around.next) : undefined,
    around.previous ? deps.cursors.encode(scope, around.previous) : undefined,
  ]);
  const resources: ScimResource[] = [];
  const holes: JsonHole[] = [];
  // Consecutive rows of one type are rendered together (one statement for their groups or members).
  for (let start = 0; start < entries.length; ) {
    const type = (entries[start] as Entry).place.type;
    let end = start;
    while (end < entries.length && (entries[end] as Entry).place.type === type) end++;
    const projection = deps.projector.parse(type, params.projection);
    const rendered = await renderResources(deps, { db: deps.knex, tenantId, baseUrl: request.baseUrl, projection }, type, entries.slice(start, end).map((entry) => entry.row));
    resources.push(...rendered.resources);
    holes.push(...rendered.holes);
    start = end;
  }
  return withHoles(
    cursorListResponse(resources, {
      ...(total !== undefined ? { total } : {}),
      ...(next !== undefined ? { next } : {}),
      ...(previous !== undefined ? { previous } : {}),
    }),
    holes,
  );
}
