/**
 * Immutable attributes on replace (RFC 7643 §2.2 "immutable": may be set at creation or at replacement, SHALL NOT
 * be updated; RFC 7644 §3.5.1: on PUT "if one or more values are already set for the attribute, the input value(s)
 * MUST match", else 400 `mutability`).
 */
import { mutability, type ScimError } from '../errors.js';
import { isPlainObject } from './canonicalise.js';
import { commonAttributes } from './common-attributes.js';
import type { SchemaRegistry } from './registry-types.js';
import type { AttributeDefinition, ResourceTypeName, ScimResource } from './types.js';

/** Equality of two canonical values of `attribute`, honouring `caseExact` for strings (RFC 7643 §2.2). */
export function sameAttributeValue(attribute: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    return attribute.caseExact || attribute.type !== 'string' ? a === b : a.toLowerCase() === b.toLowerCase();
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((element, index) => sameAttributeValue(attribute, element, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => {
      const sub = attribute.subAttributes?.find((candidate) => candidate.name === key) ?? attribute;
      return sameAttributeValue(sub, a[key], b[key]);
    });
  }
  return a === b;
}

/** Immutable attributes of `attributes` (and of their single-valued complex values) whose value would change. */
function changedIn(
  attributes: readonly AttributeDefinition[],
  stored: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
  prefix: string,
): string[] {
  const changed: string[] = [];
  for (const attribute of attributes) {
    const before = stored[attribute.name];
    const after = next[attribute.name];
    if (before === undefined || after === undefined) continue;
    if (attribute.mutability === 'immutable') {
      if (!sameAttributeValue(attribute, before, after)) changed.push(`${prefix}${attribute.name}`);
    } else if (attribute.type === 'complex' && !attribute.multiValued && isPlainObject(before) && isPlainObject(after)) {
      changed.push(...changedIn(attribute.subAttributes ?? [], before, after, `${prefix}${attribute.name}.`));
    }
  }
  return changed;
}

/**
 * The attribute paths of immutable attributes that already have a value in `stored` and a different one in
 * `next` (both canonical documents). An immutable attribute absent from `next` is not a change: the caller keeps
 * the stored value. Immutable sub-attributes of multi-valued attributes (`members.value`) are not compared:
 * a replace supplies a new list of elements, adding and removing elements rather than updating one in place.
 */
export function immutableChanges(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  stored: ScimResource,
  next: ScimResource,
): string[] {
  const resourceType = registry.resourceType(type);
  const changed = changedIn(registry.coreAttributes(type), stored, next, '');
  for (const { schema: urn } of resourceType.schemaExtensions) {
    const before = stored[urn];
    const after = next[urn];
    if (isPlainObject(before) && isPlainObject(after)) {
      changed.push(...changedIn(registry.schema(urn)?.attributes ?? [], before, after, `${urn}:`));
    }
  }
  return changed;
}

/** Throws 400 `mutability` naming the first immutable attribute `next` would change (for PUT). */
export function assertImmutableUnchanged(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  stored: ScimResource,
  next: ScimResource,
): void {
  const [first] = immutableChanges(registry, type, stored, next);
  if (first !== undefined) throw immutableError(first);
}

function immutableError(path: string): ScimError {
  return mutability(`Attribute '${path}' is immutable and already has a different value`);
}

/**
 * Whether `type` has any immutable attribute or sub-attribute, at any depth (common, core and extension schemas).
 * When it has none, a replace never needs the stored document for {@link assertImmutableUnchanged}.
 */
export function declaresImmutable(registry: SchemaRegistry, type: ResourceTypeName): boolean {
  const resourceType = registry.resourceType(type);
  const anyImmutable = (attributes: readonly AttributeDefinition[]): boolean =>
    attributes.some((attribute) => attribute.mutability === 'immutable' || anyImmutable(attribute.subAttributes ?? []));
  const urns = [resourceType.schema, ...resourceType.schemaExtensions.map((extension) => extension.schema)];
  return anyImmutable(commonAttributes) || urns.some((urn) => anyImmutable(registry.schema(urn)?.attributes ?? []));
}
