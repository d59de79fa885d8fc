/**
 * Where a singular attribute of a User or Group row is read: the extracted, indexed columns of
 * `0001-initial-schema` for what identity providers filter and sort on, and the `doc` jsonb for everything else.
 *
 * The `doc` column is expected to hold the resource with the registry's canonical attribute names and, for an
 * extension, its attributes under the extension's canonical URN key (RFC 7643 §3.3). Names here come from the
 * registry only, never from the request, so the JSON keys written into SQL are fixed strings.
 */
import type { ResolvedAttribute, ResourceTypeName } from '../../scim/schema/types.js';
import { columnOperand, constantOperand, jsonOperand, type Operand } from './operand.js';
import { nameLiteral, rawSql, sql, type SqlFragment } from './sql-fragment.js';

/** The alias the compiled SQL gives the resource table (`scim_users as r` or `scim_groups as r`). */
export const RESOURCE_ALIAS = 'r';

type ColumnFactory = (resolved: ResolvedAttribute, type: ResourceTypeName) => Operand;

const shared: Readonly<Record<string, ColumnFactory>> = {
  // RFC 7643 §3.1: id is case-exact; stored as uuid, so non-uuid values must be decided before SQL (see uuid-value).
  id: (resolved) => columnOperand('r.id', 'uuid', resolved.target.caseExact),
  externalId: (resolved) => columnOperand('r.external_id', 'text', resolved.target.caseExact),
  'meta.created': () => columnOperand('r.created_at', 'timestamptz', false),
  'meta.lastModified': () => columnOperand('r.last_modified', 'timestamptz', false),
  // Every row of the table is of the one type the query is about.
  'meta.resourceType': (resolved, type) => constantOperand(type, resolved.target.caseExact),
  // The weak ETag the service derives from the revision counter (RFC 7644 §3.14): W/"3".
  'meta.version': (resolved) => columnOperand(`('W/"' || r.revision || '"')`, 'text', resolved.target.caseExact),
};

/**
 * True for attributes the directory does not store in a form SQL can read: `meta.location` is built from the
 * request's base URL when a resource is rendered. Filtering or sorting on it is refused rather than matching nothing.
 */
export function isUnstored(resolved: ResolvedAttribute): boolean {
  return !resolved.extension && resolved.attribute.name === 'meta' && resolved.subAttribute?.name === 'location';
}

const userColumns: Readonly<Record<string, ColumnFactory>> = {
  ...shared,
  // user_name_key = lower(userName), the unique per-tenant key; userName is caseExact false (RFC 7643 §4.1.1).
  userName: () => columnOperand('r.user_name_key', 'text', false, { lowered: true }),
  active: () => columnOperand('r.active', 'boolean', false),
  // lower(display_name) and lower(family_name) match the expression indexes of the migration.
  displayName: (resolved) => columnOperand('r.display_name', 'text', resolved.target.caseExact),
  'name.givenName': (resolved) => columnOperand('r.given_name', 'text', resolved.target.caseExact),
  'name.familyName': (resolved) => columnOperand('r.family_name', 'text', resolved.target.caseExact),
};

const groupColumns: Readonly<Record<string, ColumnFactory>> = {
  ...shared,
  // display_name_key = lower(displayName), unique per tenant.
  displayName: () => columnOperand('r.display_name_key', 'text', false, { lowered: true }),
};

function columnKey(resolved: ResolvedAttribute): string {
  return resolved.subAttribute ? `${resolved.attribute.name}.${resolved.subAttribute.name}` : resolved.attribute.name;
}

/**
 * The jsonb of the top-level attribute in `r.doc`: `r.doc->'title'`, or
 * `r.doc->'urn:…:enterprise:2.0:User'->'manager'` for an extension attribute.
 */
export function documentJson(resolved: ResolvedAttribute): SqlFragment {
  const container = resolved.extension ? `r.doc->${nameLiteral(resolved.schema)}` : 'r.doc';
  return rawSql(`${container}->${nameLiteral(resolved.attribute.name)}`);
}

/**
 * The operand of a singular simple attribute, or of a sub-attribute of a singular complex attribute: its column
 * when it has one, else its typed value in `doc`.
 */
export function singularOperand(type: ResourceTypeName, resolved: ResolvedAttribute): Operand {
  const columns = type === 'User' ? userColumns : groupColumns;
  const key = columnKey(resolved);
  const column = !resolved.extension && Object.hasOwn(columns, key) ? columns[key] : undefined;
  if (column) return column(resolved, type);
  const json = documentJson(resolved);
  return jsonOperand(resolved.subAttribute ? sql`${json}->${rawSql(nameLiteral(resolved.subAttribute.name))}` : json, resolved.target);
}
