/**
 * Rule `removeWithValue`: Entra ID removes group members with
 * `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}` (Microsoft's "develop a SCIM endpoint" tutorial,
 * "Update Group [Remove Members]"), and some clients remove one email or role the same way. RFC 7644 §3.5.2.2 has
 * no `value` for `remove`: read literally, the request removes *every* value of the attribute, emptying the group.
 * The intent is to remove the listed values only, so each listed element becomes a filtered remove
 * (`members[value eq "<id>"]`), an empty list removes nothing, and on single-valued or already filtered targets the
 * stray `value` is dropped. Elements that give nothing to match on are left for the engine to judge.
 */
import { isPlainObject } from '../schema/canonicalise.js';
import { findAttribute } from '../schema/registry.js';
import type { AttributeDefinition } from '../schema/types.js';
import { normalizeAttributeValue } from './attribute-walker.js';
import { track, type AppliedRules } from './dialect-rule.js';
import type { PatchTarget } from './patch-target.js';

/** A value filter matching `element` of `attribute`: on `value` when it has one, else on all its scalar sub-attributes. */
export function filterForElement(attribute: AttributeDefinition, element: unknown): string | undefined {
  if (!isPlainObject(element)) return undefined;
  const terms: string[] = [];
  for (const [key, item] of Object.entries(element)) {
    const subAttribute = findAttribute(attribute.subAttributes, key);
    if (!subAttribute || subAttribute.mutability === 'readOnly') continue;
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') continue;
    const term = `${subAttribute.name} eq ${JSON.stringify(item)}`;
    if (subAttribute.name === 'value') return term;
    terms.push(term);
  }
  return terms.length > 0 ? terms.join(' and ') : undefined;
}

/** The operations a `remove` with a `value` stands for; `[operation]` unchanged when it has no `value`. */
export function expandRemoveWithValue(
  operation: Record<string, unknown>,
  path: string,
  target: PatchTarget | undefined,
  applied?: AppliedRules,
): Record<string, unknown>[] {
  if (!('value' in operation)) return [operation];
  const { value: stray, ...withoutValue } = operation;
  const attribute = target?.attribute;
  const wholeMultiValued = target !== undefined && attribute !== undefined && !target.element && attribute.multiValued && !target.parsed.valueFilter;
  if (stray === undefined || stray === null || !wholeMultiValued || attribute.type !== 'complex') {
    return [track(applied, 'removeWithValue', operation, withoutValue)];
  }
  const elements = normalizeAttributeValue(attribute, stray, applied);
  if (!Array.isArray(elements)) return [operation];
  const filters = elements.map((element) => filterForElement(attribute, element));
  if (filters.some((filter) => filter === undefined)) return [operation];
  applied?.add('removeWithValue');
  return filters.map((filter) => ({ ...withoutValue, path: `${path.trim()}[${filter ?? ''}]` }));
}
