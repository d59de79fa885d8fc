/**
 * Resolution of the attribute paths in a filter against the schema registry, shared by `checkFilter`, the
 * in-memory matcher and the SQL compiler in `lib/store`, so all three read a path the same way.
 */
import { invalidFilter } from '../errors.js';
import type { AttributePath } from '../path/ast.js';
import type { SchemaRegistry } from '../schema/registry-types.js';
import type { ResolvedAttribute, ResourceTypeName } from '../schema/types.js';

/** Writes a path back as the client spelled it, for error details. */
export function formatPath(path: AttributePath): string {
  const name = path.subAttribute !== undefined ? `${path.attribute}.${path.subAttribute}` : path.attribute;
  return path.schema !== undefined ? `${path.schema}:${name}` : name;
}

/**
 * A comparison on a complex attribute without a sub-attribute (`emails co "example.com"`, one of the RFC 7644
 * §3.4.2.2 examples; `manager eq "26118915"` read the same way) compares its `value` sub-attribute, as the SQL
 * compiler in `lib/store` does. Returns the resolution with `value` filled in, or the input unchanged when the
 * attribute has no `value` sub-attribute.
 */
export function withImplicitValue(resolved: ResolvedAttribute): ResolvedAttribute {
  const { attribute } = resolved;
  if (resolved.subAttribute || attribute.type !== 'complex') return resolved;
  const value = attribute.subAttributes?.find((candidate) => candidate.name === 'value');
  return value ? { ...resolved, subAttribute: value, target: value } : resolved;
}

/**
 * Resolves a filter's attribute path: against the resource type, or, inside a value filter, against the
 * sub-attributes of `parent` (RFC 7644 §3.4.2.2 `valFilter`). Throws 400 invalidFilter naming `position` when the
 * path names nothing.
 */
export function resolveFilterPath(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  path: AttributePath,
  position: number,
  parent?: ResolvedAttribute,
): ResolvedAttribute {
  const resolved = parent ? registry.resolveWithin(parent, path) : registry.resolve(type, path);
  if (resolved) return resolved;
  const where = parent ? `a sub-attribute of '${parent.attribute.name}'` : `an attribute of ${type}`;
  throw invalidFilter(`Filter error at position ${position}: '${formatPath(path)}' is not ${where}`);
}
