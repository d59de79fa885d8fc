/**
 * The filter of a list or search (RFC 7644 §3.4.2.2) as a store refinement: parsed, checked against the schema and
 * compiled to parameterised SQL, so a bad filter is 400 invalidFilter before any SQL runs and a value only ever
 * travels as a binding.
 */
import { checkFilter } from '../scim/filter/check.js';
import { parseFilter } from '../scim/filter/parser.js';
import type { ResourceTypeName } from '../scim/schema/types.js';
import { applyFilter } from '../store/filter/compile-filter.js';
import type { QueryRefinement } from '../store/list-rows.js';
import type { ProvisioningDeps } from './provisioning-deps.js';

/** A filter parsed, checked against the schema and compiled to SQL (400 invalidFilter before any SQL runs). */
export function compileWhere(deps: ProvisioningDeps, type: ResourceTypeName, filter: string | undefined): QueryRefinement | undefined {
  if (filter === undefined) return undefined;
  const node = parseFilter(filter);
  checkFilter(deps.registry, type, node);
  return (builder) => applyFilter(builder, deps.registry, type, node);
}
