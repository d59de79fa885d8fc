/**
 * The extension attributes of a request document that the tenant's schemas do not define: keys under an extension
 * URN the resource type does not declare, URN-qualified keys that name nothing, and unknown keys inside a declared
 * extension's object. Validation ignores them (RFC 7644 §3.3 lets a provider ignore what it does not support);
 * this names them, so the event log can show what was dropped and a tenant can choose to refuse them.
 */
import { parseAttributeName } from './attribute-name.js';
import { isPlainObject } from './canonicalise.js';
import { findAttribute, sameUrn } from './registry.js';
import type { SchemaRegistry } from './registry-types.js';
import type { ResourceTypeName } from './types.js';

/** At most this many names are reported for one document. */
const MAX_NAMES = 50;

/** The unknown extension attributes of `body`, in standard attribute notation (`urn:…:User:costCode`). */
export function unknownExtensionAttributes(registry: SchemaRegistry, type: ResourceTypeName, body: unknown): string[] {
  if (!isPlainObject(body)) return [];
  const coreUrn = registry.resourceType(type).schema;
  const urns = registry.schemaUrns(type);
  const names: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (names.length >= MAX_NAMES) break;
    if (!/^urn:/i.test(key)) continue;
    const declared = urns.find((candidate) => sameUrn(candidate, key));
    if (declared !== undefined) {
      if (declared === coreUrn || !isPlainObject(value)) continue;
      const attributes = registry.schema(declared)?.attributes ?? [];
      for (const name of Object.keys(value)) if (!findAttribute(attributes, name)) names.push(`${declared}:${name}`);
      continue;
    }
    const parsed = parseAttributeName(key);
    if (parsed !== undefined && registry.resolve(type, parsed) !== undefined) continue;
    // An object under an undeclared URN is an extension this tenant does not know: name each of its attributes.
    if (isPlainObject(value) && Object.keys(value).length > 0) names.push(...Object.keys(value).map((name) => `${key}:${name}`));
    else names.push(key);
  }
  return names.slice(0, MAX_NAMES);
}
