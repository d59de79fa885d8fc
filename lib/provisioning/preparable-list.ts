/**
 * Which list queries run as prepared statements (store/prepared-statement.ts). A prepared statement stays on every
 * pooled connection for good, so only a small, fixed set of SQL shapes qualifies: no `sortBy` and either no filter
 * or one `attribute eq value` comparison — the lookups identity providers send before every create and link
 * (`userName eq`, `externalId eq`, `emails.value eq`, `displayName eq`, RFC 7644 §3.4.2.2). Their SQL depends only on
 * the attribute (values are bindings, names resolve to canonical columns), so there are at most as many shapes as
 * the schema has attributes. Anything else is planned per request as before.
 */
import type { ListParams } from './list-params.js';

/** `attrPath eq value` and nothing else; the value a string, number, boolean or null (RFC 7644 §3.4.2.2 compValue). */
const SINGLE_EQUALITY = /^\s*[A-Za-z][\w$:.-]*\s+eq\s+("(?:[^"\\]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*$/i;

/** True when the list query of `params` may run as a prepared statement. */
export function isPreparableList(params: Pick<ListParams, 'filter' | 'sortBy'>): boolean {
  return params.sortBy === undefined && (params.filter === undefined || SINGLE_EQUALITY.test(params.filter));
}
