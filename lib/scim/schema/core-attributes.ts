/**
 * The attributes at the top level of a resource type's documents: the common attributes (RFC 7643 §3.1) followed
 * by the core schema's. One list per registry and type, built once: attribute lookups index a list the first time
 * they see it (registry.ts), so a list spread afresh per call was indexed afresh per call.
 */
import { commonAttributes } from './common-attributes.js';
import type { SchemaRegistry } from './registry-types.js';
import type { AttributeDefinition, ResourceTypeName } from './types.js';

const lists = new WeakMap<SchemaRegistry, Map<ResourceTypeName, readonly AttributeDefinition[]>>();

/** Common attributes followed by the core schema's attributes of `type`, the same array on every call. */
export function coreAttributesOf(registry: SchemaRegistry, type: ResourceTypeName): readonly AttributeDefinition[] {
  let byType = lists.get(registry);
  if (byType === undefined) {
    byType = new Map();
    lists.set(registry, byType);
  }
  let list = byType.get(type);
  if (list === undefined) {
    list = Object.freeze([...commonAttributes, ...(registry.schema(registry.resourceType(type).schema)?.attributes ?? [])]);
    byType.set(type, list);
  }
  return list;
}
