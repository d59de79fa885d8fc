/**
 * Reading attribute values out of a resource document, case-insensitively (RFC 7643 §2.1: attribute names and
 * schema URNs are case-insensitive), for the matcher and the PATCH engine.
 */
import type { ResolvedAttribute } from '../schema/types.js';

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key of `object` equal to `name` ignoring case, or undefined. Exact spelling wins over other casings. */
export function findKey(object: Record<string, unknown>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return name;
  const wanted = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === wanted);
}

/** `object[name]` ignoring the case of `name`. */
export function getProperty(object: Record<string, unknown>, name: string): unknown {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

/** The object holding the attribute: the resource itself, or its extension object under the schema URN key. */
export function attributeContainer(resource: Record<string, unknown>, resolved: ResolvedAttribute): Record<string, unknown> | undefined {
  if (!resolved.extension) return resource;
  const container = getProperty(resource, resolved.schema);
  return isObject(container) ? container : undefined;
}

/** The raw value of the top-level attribute of `resolved` in `resource` (sub-attribute not applied). */
export function readAttribute(resource: Record<string, unknown>, resolved: ResolvedAttribute): unknown {
  const container = attributeContainer(resource, resolved);
  return container === undefined ? undefined : getProperty(container, resolved.attribute.name);
}

/**
 * Every value the path names, flattened: the elements of a multi-valued attribute, or the sub-attribute of each
 * element. Absent values and nulls are left out, so an empty list means "not present".
 */
export function readValues(resource: Record<string, unknown>, resolved: ResolvedAttribute): unknown[] {
  const raw = readAttribute(resource, resolved);
  const elements = Array.isArray(raw) ? raw : [raw];
  const values = resolved.subAttribute
    ? elements.map((element) => (isObject(element) ? getProperty(element, resolved.subAttribute?.name ?? '') : undefined))
    : elements;
  return values.flatMap((value) => (Array.isArray(value) ? value : [value])).filter((value) => value !== undefined && value !== null);
}

/**
 * RFC 7644 §3.4.2.2 `pr`: "If the attribute has a non-empty value, or if it contains a non-empty node for complex
 * attributes, there is a match." Empty strings, arrays and objects count as absent.
 */
export function isPresentValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(isPresentValue);
  if (isObject(value)) return Object.values(value).some(isPresentValue);
  return true;
}
