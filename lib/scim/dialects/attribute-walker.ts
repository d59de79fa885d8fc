/**
 * Applies the value rules to an attribute value and, recursively, to its elements and sub-attributes, guided by
 * the attribute definitions of the schema registry. Objects and arrays are copied only where something changed,
 * so a value no rule touches comes back as the very same reference.
 *
 * Order at each attribute: the array shape first (`singleElementArrays`, `singleValueForMultiValued`), then per
 * element `managerForms` (empty manager), `bareStringValues`, `stringBooleans`, then the sub-attributes
 * (with `displayNameAlias` for their keys). `null` is kept: what it means (absent, or remove) depends on where the
 * value sits, which the callers decide.
 */
import { isPlainObject } from '../schema/canonicalise.js';
import { findAttribute } from '../schema/registry.js';
import type { AttributeDefinition } from '../schema/types.js';
import { bareStringAsValue } from './bare-string-values.js';
import { track, type AppliedRules } from './dialect-rule.js';
import { aliasSubAttributeKey } from './display-name-alias.js';
import { emptyManagerAsNull } from './manager-forms.js';
import { unwrapSingleElementArray, wrapSingleValue } from './single-element-arrays.js';
import { stringBoolean } from './string-booleans.js';

/** Normalises the whole value of `attribute` (an array when it is multi-valued). */
export function normalizeAttributeValue(attribute: AttributeDefinition, value: unknown, applied?: AppliedRules): unknown {
  let shaped = track(applied, 'singleElementArrays', value, unwrapSingleElementArray(attribute, value));
  shaped = track(applied, 'singleValueForMultiValued', shaped, wrapSingleValue(attribute, shaped));
  if (!attribute.multiValued || !Array.isArray(shaped)) return normalizeElement(attribute, shaped, applied);
  return normalizeElements(attribute, shaped, applied);
}

/** Normalises each element of a multi-valued value; `null` elements carry nothing and are dropped. */
export function normalizeElements(attribute: AttributeDefinition, elements: readonly unknown[], applied?: AppliedRules): unknown[] {
  let changed = false;
  const result: unknown[] = [];
  for (const element of elements) {
    const normalized = normalizeElement(attribute, element, applied);
    if (normalized !== element) changed = true;
    if (normalized === null) {
      applied?.add('nullMeansAbsent');
      changed = true;
      continue;
    }
    result.push(normalized);
  }
  return changed ? result : (elements as unknown[]);
}

/** Normalises one value of `attribute`: the value of a single-valued attribute, or one element of a multi-valued one. */
export function normalizeElement(attribute: AttributeDefinition, element: unknown, applied?: AppliedRules): unknown {
  let value = track(applied, 'managerForms', element, emptyManagerAsNull(attribute, element));
  value = track(applied, 'bareStringValues', value, bareStringAsValue(attribute, value));
  value = track(applied, 'stringBooleans', value, stringBoolean(attribute, value));
  if (attribute.type === 'complex' && isPlainObject(value)) {
    const complex = normalizeComplex(attribute, value, applied);
    // The manager rule looks at the finished object too: `{"Value": ""}` only reads as empty once keys are settled.
    return track(applied, 'managerForms', complex, emptyManagerAsNull(attribute, complex));
  }
  return value;
}

/** Normalises the sub-attributes of one complex value. Unknown keys are kept for validation to judge. */
function normalizeComplex(attribute: AttributeDefinition, object: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown> {
  const keys = Object.keys(object);
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(object)) {
    const name = track(applied, 'displayNameAlias', key, aliasSubAttributeKey(attribute, key, keys));
    const subAttribute = findAttribute(attribute.subAttributes, name);
    const normalized = subAttribute ? normalizeAttributeValue(subAttribute, item, applied) : item;
    if (name !== key || normalized !== item) changed = true;
    result[name] = normalized;
  }
  return changed ? result : object;
}
