/**
 * Group membership operations turned into {@link MemberChange}s instead of edits to a `members` array, so the store
 * can apply them as set operations (RFC 7644 §3.5.2.1, §3.5.2.2, §3.5.2.3; DESIGN §3 "never read-modify-write").
 */
import { invalidValue, mutability } from '../errors.js';
import type { FilterNode } from '../filter/ast.js';
import { isObject } from '../filter/resource-values.js';
import type { MemberChange, MemberReference, PatchOpName } from './types.js';

/** What the engine knows about one operation on `members`. */
export interface MemberOperation {
  readonly op: PatchOpName;
  readonly value?: unknown;
  /** The value filter of `members[…]`, already checked against the schema. */
  readonly valueFilter?: FilterNode;
  /** A sub-attribute the path names (`members[…].display`, `members.value`). */
  readonly subAttribute?: string;
  /** `Operations[i]` and the path, for error details. */
  readonly where: string;
}

/**
 * The member ids a filter selects when it is a plain `value eq "id"` or an `or` of those (the RFC 7644 §3.5.2.2
 * and Entra shapes); undefined for any other filter.
 */
export function idsFromFilter(node: FilterNode): string[] | undefined {
  if (node.kind === 'or') {
    const left = idsFromFilter(node.left);
    const right = idsFromFilter(node.right);
    return left && right ? [...left, ...right] : undefined;
  }
  if (
    node.kind === 'compare' &&
    node.op === 'eq' &&
    typeof node.value === 'string' &&
    node.path.attribute.toLowerCase() === 'value' &&
    node.path.subAttribute === undefined
  ) {
    return [node.value];
  }
  return undefined;
}

/** Reads member references from a value (an array, or one object). Throws invalidValue naming the element. */
export function toMemberReferences(value: unknown, where: string): MemberReference[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, index) => {
    const at = `${where}: members[${index}]`;
    if (!isObject(item)) throw invalidValue(`${at} must be an object with a "value"`);
    const entries = Object.entries(item);
    const id = entries.find(([key]) => key.toLowerCase() === 'value')?.[1];
    const type = entries.find(([key]) => key.toLowerCase() === 'type')?.[1];
    if (typeof id !== 'string' || id.trim() === '') throw invalidValue(`${at}.value must be a non-empty string`);
    if (type !== undefined && type !== null && typeof type !== 'string') throw invalidValue(`${at}.type must be a string`);
    return typeof type === 'string' ? { value: id, type } : { value: id };
  });
}

function removeBy(filter: FilterNode): MemberChange {
  const ids = idsFromFilter(filter);
  return ids ? { kind: 'remove', ids } : { kind: 'removeWhere', filter };
}

/**
 * The member changes of one operation on `members`. A member's `value`, `type` and `$ref` are immutable and its
 * `display` read-only (RFC 7643 §8.7.1), so paths naming a sub-attribute are 400 mutability. `remove` without a
 * filter but with a value list removes those members only: reading it as "remove all" would silently empty the
 * group, the costliest way to get Entra's request wrong.
 */
export function memberChanges(operation: MemberOperation): MemberChange[] {
  const { op, value, valueFilter, subAttribute, where } = operation;
  if (subAttribute !== undefined) {
    throw mutability(`${where}: members.${subAttribute} cannot be modified; add or remove the member instead`);
  }
  if (op === 'remove') {
    if (valueFilter) return [removeBy(valueFilter)];
    if (value === undefined || value === null) return [{ kind: 'removeAll' }];
    const ids = toMemberReferences(value, where).map((member) => member.value);
    return ids.length > 0 ? [{ kind: 'remove', ids }] : [];
  }
  if (value === null) {
    if (op === 'replace' && !valueFilter) return [{ kind: 'removeAll' }];
    throw invalidValue(`${where}: "${op}" of members requires member objects, got null`);
  }
  const members = toMemberReferences(value, where);
  if (valueFilter) {
    // RFC 7644 §3.5.2.3: matching records are replaced; for members that is "remove those, add these".
    if (op === 'add') throw mutability(`${where}: members matched by a filter cannot be modified; add or remove members instead`);
    return [removeBy(valueFilter), ...(members.length > 0 ? [{ kind: 'add' as const, members }] : [])];
  }
  if (op === 'replace') return [{ kind: 'replace', members }];
  return members.length > 0 ? [{ kind: 'add', members }] : [];
}
