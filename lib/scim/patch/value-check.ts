/**
 * The default value check of the PATCH engine (RFC 7643 §2.3 data types). A seam: `PatchOptions.validateValue`
 * replaces it with the schema layer's validator when there is one.
 */
import { invalidValue } from '../errors.js';
import { isDateTime } from '../filter/compare-values.js';
import { findKey, isObject } from '../filter/resource-values.js';
import { hasUnstorableText, UNSTORABLE_TEXT_MESSAGE } from '../schema/storable-text.js';
import type { AttributeDefinition } from '../schema/types.js';

/** The error for a value of the wrong type; a function of its own so checking a value allocates no closure. */
function wrongType(where: string, name: string, what: string, value: unknown): never {
  throw invalidValue(`${where}: '${name}' must be ${what}, got ${JSON.stringify(value)?.slice(0, 60) ?? 'nothing'}`);
}

/** `where` is the operation, `name` the attribute location within the value (`emails[0].value`). */
function checkScalar(attribute: AttributeDefinition, value: unknown, where: string, name: string): unknown {
  switch (attribute.type) {
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof value !== 'string') return wrongType(where, name, `a ${attribute.type}`, value);
      if (hasUnstorableText(value)) throw invalidValue(`${where}: '${name}' ${UNSTORABLE_TEXT_MESSAGE}`);
      return value;
    case 'boolean':
      return typeof value === 'boolean' ? value : wrongType(where, name, 'a boolean', value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? value : wrongType(where, name, 'an integer', value);
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? value : wrongType(where, name, 'a number', value);
    case 'dateTime':
      return typeof value === 'string' && isDateTime(value) ? value : wrongType(where, name, 'an xsd:dateTime with a time zone', value);
    case 'complex':
      return checkComplex(attribute, value, where, name);
  }
}

/**
 * Sub-attributes are written under their canonical names; readOnly ones are dropped, since RFC 7643 §2.2 says
 * values a client sends for them are ignored (e.g. `manager.displayName`); unknown ones are rejected.
 */
function checkComplex(attribute: AttributeDefinition, value: unknown, where: string, name: string): Record<string, unknown> {
  if (!isObject(value)) throw invalidValue(`${where}: '${name}' must be an object with sub-attributes of '${attribute.name}'`);
  const result: Record<string, unknown> = {};
  const subAttributes = attribute.subAttributes ?? [];
  for (const [key, item] of Object.entries(value)) {
    const sub = subAttributes.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase());
    if (!sub) throw invalidValue(`${where}: '${name}.${key}' names no sub-attribute of '${attribute.name}'`);
    if (sub.mutability === 'readOnly' || item === null || item === undefined) continue;
    result[sub.name] = checkScalar(sub, item, where, `${name}.${sub.name}`);
  }
  return result;
}

/**
 * Checks `value` against `attribute` and returns it normalised. With `element` false a multi-valued attribute takes
 * an array (a single value is wrapped); with `element` true, and for single-valued attributes, one value.
 * Throws 400 invalidValue naming `where` and the offending sub-attribute.
 */
export function checkAttributeValue(attribute: AttributeDefinition, value: unknown, where: string, element: boolean): unknown {
  if (attribute.multiValued && !element) {
    const items = Array.isArray(value) ? value : [value];
    return items.map((item, index) => checkScalar(attribute, item, where, `${attribute.name}[${index}]`));
  }
  return checkScalar(attribute, value, where, attribute.name);
}

/** Sets `object[name]`, replacing any differently-cased key of the same name (RFC 7643 §2.1 case-insensitivity). */
export function setProperty(object: Record<string, unknown>, name: string, value: unknown): void {
  deleteProperty(object, name);
  object[name] = value;
}

/** Deletes `object[name]` ignoring case. Returns true when something was deleted. */
export function deleteProperty(object: Record<string, unknown>, name: string): boolean {
  let deleted = false;
  for (let key = findKey(object, name); key !== undefined; key = findKey(object, name)) {
    delete object[key];
    deleted = true;
  }
  return deleted;
}
