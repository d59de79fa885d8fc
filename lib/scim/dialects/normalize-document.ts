/**
 * The dialect rules for a whole document: a POST/PUT body, or the object value of a pathless PATCH add/replace.
 * Keys first (legacy schema URNs, dotted and URN-qualified names), then every known attribute's value through the
 * attribute walker, core attributes at the top level and extension attributes under their URN. Unknown keys are
 * left alone for validation to judge.
 */
import { isPlainObject } from '../schema/canonicalise.js';
import { findAttribute } from '../schema/registry.js';
import type { AttributeDefinition } from '../schema/types.js';
import { normalizeAttributeValue } from './attribute-walker.js';
import { track, type AppliedRules, type DialectContext } from './dialect-rule.js';
import { dropLegacySchemaUrns } from './legacy-schema-urns.js';
import { nestQualifiedKeys } from './qualified-keys.js';

/** Applies the value rules to each key of `object` that names one of `attributes`. */
function normalizeAttributes(
  attributes: readonly AttributeDefinition[],
  object: Record<string, unknown>,
  applied?: AppliedRules,
): Record<string, unknown> {
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const attribute = findAttribute(attributes, key);
    const normalized = attribute ? normalizeAttributeValue(attribute, value, applied) : value;
    if (normalized !== value) changed = true;
    result[key] = normalized;
  }
  return changed ? result : object;
}

/**
 * Normalises the keys and values of `document` for the context's resource type. `null` values are kept: the
 * caller decides whether they mean "absent" (POST/PUT) or "remove" (PATCH replace).
 */
export function normalizeDocument(context: DialectContext, document: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown> {
  const { registry, type } = context;
  let result = track(applied, 'legacySchemaUrns', document, dropLegacySchemaUrns(document));
  result = nestQualifiedKeys(context, result, applied);
  const resourceType = registry.resourceType(type);
  const coreAttributes = registry.coreAttributes(type);
  let changed = false;
  const output: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    const extension = key.includes(':') ? resourceType.schemaExtensions.find((candidate) => candidate.schema.toLowerCase() === key.toLowerCase()) : undefined;
    let normalized = value;
    if (extension && isPlainObject(value)) {
      normalized = normalizeAttributes(registry.schema(extension.schema)?.attributes ?? [], value, applied);
    } else if (!extension) {
      const attribute = findAttribute(coreAttributes, key);
      // `schemas` is a common attribute but not a value to normalise (its entries are URNs, not attribute values).
      normalized = attribute && attribute.name !== 'schemas' ? normalizeAttributeValue(attribute, value, applied) : value;
    }
    if (normalized !== value) changed = true;
    output[key] = normalized;
  }
  return changed ? output : result;
}
