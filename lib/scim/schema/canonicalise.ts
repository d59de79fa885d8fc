/**
 * Input canonicalisation (RFC 7643 §2.1, §2.2, §2.5): attribute names are matched case-insensitively and written
 * as the schema spells them; `null` and empty arrays/objects mean "no value" and are dropped; readOnly attributes
 * are dropped silently (the service provider sets them); writeOnly attributes (`password`) are dropped because
 * this service stores no credentials for provisioned users. Unknown attributes are ignored (see the resource
 * validator for why). Values are kept as
 * they are; their types are checked afterwards with ajv against the canonical document.
 */
import { findAttribute } from './registry.js';
import { childPath, type ValidationProblem } from './validation-problems.js';
import type { AttributeDefinition } from './types.js';

/** True for a JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the client may not set the attribute: it is dropped from input rather than rejected. */
function droppedOnInput(attribute: AttributeDefinition): boolean {
  return attribute.mutability === 'readOnly' || attribute.mutability === 'writeOnly';
}

/**
 * The canonical form of one value of `attribute` (an element, when multi-valued), or undefined when it carries
 * nothing. A value of the wrong shape is returned unchanged for the type check to report.
 */
export function canonicaliseSingleValue(
  attribute: AttributeDefinition,
  value: unknown,
  path: string,
  problems: ValidationProblem[],
): unknown {
  if (value === null) return undefined;
  if (attribute.type !== 'complex' || !isPlainObject(value)) return value;
  const object = canonicaliseObject(attribute.subAttributes ?? [], value, path, problems);
  return Object.keys(object).length > 0 ? object : undefined;
}

/** The canonical form of the whole value of `attribute`, or undefined when it carries nothing. */
export function canonicaliseValue(
  attribute: AttributeDefinition,
  value: unknown,
  path: string,
  problems: ValidationProblem[],
): unknown {
  if (!attribute.multiValued || !Array.isArray(value)) return canonicaliseSingleValue(attribute, value, path, problems);
  const elements = value
    .map((element, index) => canonicaliseSingleValue(attribute, element, childPath(path, index), problems))
    .filter((element) => element !== undefined);
  return elements.length > 0 ? elements : undefined;
}

/**
 * Canonicalises an object whose keys name `attributes`, case-insensitively. The same attribute written twice in
 * different case is a syntax problem: there is no telling which one the client meant.
 */
export function canonicaliseObject(
  attributes: readonly AttributeDefinition[],
  object: Readonly<Record<string, unknown>>,
  path: string,
  problems: ValidationProblem[],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(object)) {
    const attribute = findAttribute(attributes, key);
    if (!attribute) continue;
    const where = childPath(path, attribute.name);
    if (seen.has(attribute.name)) {
      problems.push({ path: where, message: 'is given more than once (names are case-insensitive)', scimType: 'invalidSyntax' });
      continue;
    }
    seen.add(attribute.name);
    if (droppedOnInput(attribute)) continue;
    const canonical = canonicaliseValue(attribute, value, where, problems);
    if (canonical !== undefined) result[attribute.name] = canonical;
  }
  return result;
}
