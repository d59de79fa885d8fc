/**
 * Sorting (RFC 7644 §3.4.2.3) as SQL over the resource table aliased `r`: `sortBy` names any singular attribute,
 * a sub-attribute of a singular complex attribute, or a multi-valued attribute, which sorts by "the value of the
 * primary attribute, if any, or else the first value in the list, if any". Strings sort case-insensitively unless
 * the attribute is caseExact, and resources without a value come last when ascending and first when descending.
 *
 * An unknown or malformed `sortBy`, or one naming a complex attribute without a `value`, is 400 invalidValue:
 * RFC 7644 names no error for it, and invalidValue is the §3.12 type for a parameter whose value does not fit.
 */
import type { Knex } from 'knex';
import { invalidValue, ScimError } from '../scim/errors.js';
import { parseAttributePath } from '../scim/path/attribute-path.js';
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import type { ResourceTypeName } from '../scim/schema/types.js';
import { elementSourceFor, firstElementValue } from './filter/element-source.js';
import { withValueSubAttribute } from './filter/implicit-value.js';
import type { Operand } from './filter/operand.js';
import { isUnstored, singularOperand } from './filter/resource-columns.js';
import { rawSql, sql, type SqlFragment } from './filter/sql-fragment.js';

/** RFC 7644 §3.4.2.3 `sortOrder`. */
export type SortOrder = 'ascending' | 'descending';

function fail(sortBy: string, reason: string): never {
  throw invalidValue(`Invalid sortBy ${JSON.stringify(sortBy.length > 60 ? `${sortBy.slice(0, 60)}…` : sortBy)}: ${reason}`);
}

/** The value an operand sorts by: lower-cased for caseExact=false strings. */
function sortValue(operand: Operand): SqlFragment {
  return operand.kind === 'text' && !operand.caseExact && !operand.lowered ? sql`lower(${operand.value})` : operand.value;
}

/**
 * The SQL expression resources of `type` are ordered by for `sortBy` (e.g. `r.user_name_key`,
 * `lower(r.display_name)`, a sub-select for the primary email). Throws 400 invalidValue naming `sortBy` when it is
 * not an attribute path of the type or names something that has no single value to sort by.
 */
export function sortExpression(registry: SchemaRegistry, type: ResourceTypeName, sortBy: string): SqlFragment {
  let path;
  try {
    path = parseAttributePath(sortBy);
  } catch (error) {
    if (error instanceof ScimError) fail(sortBy, error.message);
    throw error;
  }
  const found = registry.resolve(type, path);
  if (!found) return fail(sortBy, `not an attribute of ${type}`);
  const resolved = withValueSubAttribute(found);
  if (resolved.target.type === 'complex') return fail(sortBy, 'a complex attribute sorts only by one of its sub-attributes');
  if (isUnstored(resolved)) return fail(sortBy, 'the directory does not store this attribute');
  if (!resolved.attribute.multiValued) return sortValue(singularOperand(type, resolved));
  const source = elementSourceFor(type, resolved, [resolved.subAttribute]);
  const operand = source?.operand(resolved.subAttribute);
  if (!source || !operand) return fail(sortBy, 'the directory does not store this sub-attribute in a sortable form');
  return firstElementValue(source, sortValue(operand));
}

/** Reads a `sortOrder` parameter (case-insensitively); undefined means ascending. Throws 400 invalidValue otherwise. */
export function parseSortOrder(text: string | undefined): SortOrder {
  if (text === undefined) return 'ascending';
  const lower = text.toLowerCase();
  if (lower === 'ascending' || lower === 'descending') return lower;
  throw invalidValue(`Invalid sortOrder ${JSON.stringify(text.slice(0, 60))}: expected "ascending" or "descending"`);
}

/**
 * The full ORDER BY list: the `sortBy` expression in `sortOrder` with RFC 7644 §3.4.2.3 placement of missing
 * values (`asc nulls last` / `desc nulls first`), then `r.seq` in the same direction so paging is stable. Without
 * `sortBy` the order is `r.seq` ascending (creation order) and `sortOrder` is ignored, as the RFC allows.
 */
export function orderByClause(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  sortBy: string | undefined,
  sortOrder: SortOrder = 'ascending',
): SqlFragment {
  if (sortBy === undefined) return rawSql('r.seq asc');
  const expression = sortExpression(registry, type, sortBy);
  return sortOrder === 'descending'
    ? sql`${expression} desc nulls first, r.seq desc`
    : sql`${expression} asc nulls last, r.seq asc`;
}

/** Adds {@link orderByClause} to `query` (`query.orderByRaw(…)`). */
export function applySort<Q extends Knex.QueryBuilder>(
  query: Q,
  registry: SchemaRegistry,
  type: ResourceTypeName,
  sortBy: string | undefined,
  sortOrder?: SortOrder,
): Q {
  const { sql: text, bindings } = orderByClause(registry, type, sortBy, sortOrder);
  return query.orderByRaw(text, [...bindings]) as Q;
}
