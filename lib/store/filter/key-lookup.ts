/**
 * Which filters are lookups by key: one `eq` on an attribute whose column the tenant's rows are indexed by for
 * equality — `userName` (unique), a group's `displayName` (unique), `id` (the primary key) and `externalId`. Such a
 * statement reads a few index entries and is bounded by the statement timeout, so it runs as it is; identity
 * providers send one before most writes, and a search that its client's leaving cancels costs round trips of its
 * own (cancellable-search.ts).
 */
import type { FilterNode } from '../../scim/filter/ast.js';
import type { ResourceTypeName } from '../../scim/schema/types.js';
import { GROUP_SCHEMA, USER_SCHEMA } from '../../scim/schema/urns.js';

/** The key attributes of each type, lower-cased (attribute names are case-insensitive, RFC 7643 §2.1). */
const KEYS: Readonly<Record<ResourceTypeName, ReadonlySet<string>>> = {
  User: new Set(['username', 'id', 'externalid']),
  Group: new Set(['displayname', 'id', 'externalid']),
};

const CORE_SCHEMA: Readonly<Record<ResourceTypeName, string>> = { User: USER_SCHEMA.toLowerCase(), Group: GROUP_SCHEMA.toLowerCase() };

/** True when `node` is `key eq "value"` for a key attribute of `type` (see the module comment). */
export function isKeyLookup(type: ResourceTypeName, node: FilterNode): boolean {
  if (node.kind !== 'compare' || node.op !== 'eq' || typeof node.value !== 'string') return false;
  const { schema, attribute, subAttribute } = node.path;
  if (subAttribute !== undefined) return false;
  if (schema !== undefined && schema.toLowerCase() !== CORE_SCHEMA[type]) return false;
  return KEYS[type].has(attribute.toLowerCase());
}
