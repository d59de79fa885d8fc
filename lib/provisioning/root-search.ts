/**
 * `POST /.search` at the service root (RFC 7644 §3.4.3): users and groups in one result. A filter is applied to
 * each type it fits; a type whose schema lacks an attribute the filter names contributes nothing (§3.4.2.2 lets
 * root queries filter on attributes that only some types have), and when it fits no type the first type's error
 * is the answer. Results are the matching users, then the matching groups, each in the requested order; paging
 * runs over that concatenation with an exact `totalResults`.
 */
import { ScimError } from '../scim/errors.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import type { StoreListQuery } from '../store/list-rows.js';
import { listParamsFromSearchBody, type ListParams } from './list-params.js';
import { compileListQuery, listResponse, runListQuery } from './list-service.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import type { JsonHole } from './json-stream.js';
import { renderResources, withHoles } from './render-resources.js';
import { searchAllByCursor } from './root-cursor-search.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';

const TYPES: readonly ResourceTypeName[] = ['User', 'Group'];

/** The compiled query per type the filter and sortBy fit. */
function queriesFor(deps: ProvisioningDeps, params: ListParams, request: ScimRequest): Map<ResourceTypeName, StoreListQuery> {
  const queries = new Map<ResourceTypeName, StoreListQuery>();
  let firstError: unknown;
  for (const type of TYPES) {
    try {
      queries.set(type, compileListQuery(deps, type, params, 0, 0, request.client));
    } catch (error) {
      if (!(error instanceof ScimError) || error.status !== 400) throw error;
      firstError ??= error;
    }
  }
  if (queries.size === 0) throw firstError;
  return queries;
}

/** Runs a root search, by index or, given a `cursor`, by cursor (RFC 9865). */
export async function searchAll(deps: ProvisioningDeps, request: ScimRequest): Promise<ScimResponse> {
  const params = listParamsFromSearchBody(deps.normalize('User', 'search', request.body), deps.options);
  const { cursor } = params;
  if (cursor !== undefined) return searchAllByCursor(deps, request, { ...params, cursor });
  const queries = queriesFor(deps, params, request);
  let skip = params.startIndex - 1;
  let room = params.count;
  let total = 0;
  const resources: ScimResource[] = [];
  const holes: JsonHole[] = [];
  for (const [type, query] of queries) {
    const page = await runListQuery(deps, type, request.tenant.id, { ...query, offset: skip, limit: room });
    total += page.total;
    skip = Math.max(0, skip - page.total);
    room -= page.rows.length;
    const projection = deps.projector.parse(type, params.projection);
    const context = { db: deps.knex, tenantId: request.tenant.id, baseUrl: request.baseUrl, projection };
    const rendered = await renderResources(deps, context, type, page.rows);
    resources.push(...rendered.resources);
    holes.push(...rendered.holes);
  }
  return withHoles(listResponse(total, params.startIndex, resources), holes);
}
