/**
 * Keys of a resource document (or of a pathless PATCH value) that name an attribute in "standard attribute
 * notation" (RFC 7644 §3.10) instead of by nesting:
 * - rule `qualifiedKeys`: dotted (`"name.givenName"`) and URN-qualified
 *   (`"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"`) keys, as pathless replace
 *   values carry them (the Okta and Entra replays do),
 *   are moved to where the attribute lives: `{"name": {"givenName": …}}`, `{"urn:…:User": {"employeeNumber": …}}`;
 * - rule `extensionPathWithoutUrn`: a plain key that is no core attribute but an attribute of exactly one schema
 *   extension (`"manager"`, `"department"`, from custom attribute mappings; the OneLogin and Ping replays carry
 *   them) moves under that extension.
 * Keys that resolve to nothing are left alone for validation to report.
 */
import { parseAttributeName } from '../schema/attribute-name.js';
import { isPlainObject } from '../schema/canonicalise.js';
import { findAttribute } from '../schema/registry.js';
import type { ResolvedAttribute } from '../schema/types.js';
import { track, type AppliedRules, type DialectContext, type KeyPlacement, type Placement } from './dialect-rule.js';

function placementOf(resolved: ResolvedAttribute): Placement {
  return {
    ...(resolved.extension ? { extension: resolved.schema } : {}),
    attribute: resolved.attribute.name,
    ...(resolved.subAttribute ? { subAttribute: resolved.subAttribute.name } : {}),
  };
}

/** The one extension of the resource type that has an attribute called `name`, if exactly one has. */
export function extensionOwning(context: DialectContext, name: string): string | undefined {
  const owners = context.registry
    .resourceType(context.type)
    .schemaExtensions.map((extension) => extension.schema)
    .filter((urn) => findAttribute(context.registry.schema(urn)?.attributes, name) !== undefined);
  return owners.length === 1 ? owners[0] : undefined;
}

/**
 * Where `key` should go, or undefined when it already sits right (or names nothing known). Every key of every
 * incoming document is asked, and the answer depends only on the registry, the type and the key, so it is
 * remembered in the context's `keyPlacements` when there is one.
 */
function placementFor(context: DialectContext, key: string): KeyPlacement | undefined {
  const memo = context.keyPlacements;
  if (memo === undefined) return workOutPlacement(context, key);
  return memo.get(`${context.type}\u0000${key}`, () => workOutPlacement(context, key));
}

function workOutPlacement(context: DialectContext, key: string): KeyPlacement | undefined {
  const { registry, type } = context;
  if (key.toLowerCase() === 'schemas' || registry.schemaUrns(type).some((urn) => urn.toLowerCase() === key.toLowerCase())) return undefined;
  const parsed = parseAttributeName(key);
  if (!parsed) return undefined;
  const qualified = parsed.schema !== undefined || parsed.subAttribute !== undefined;
  const resolved = registry.resolve(type, parsed);
  if (resolved) return qualified ? { placement: placementOf(resolved), rule: 'qualifiedKeys' } : undefined;
  if (parsed.schema !== undefined) return undefined;
  const extension = extensionOwning(context, parsed.attribute);
  const inExtension = extension === undefined ? undefined : registry.resolve(type, { ...parsed, schema: extension });
  return inExtension ? { placement: placementOf(inExtension), rule: 'extensionPathWithoutUrn' } : undefined;
}

/** The key of `object` equal to `name` ignoring case, else `name` itself. */
function keyFor(object: Record<string, unknown>, name: string): string {
  return Object.keys(object).find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
}

/** Puts `value` at `placement` in `document` (mutating the copy being built), merging with what is there. */
function place(document: Record<string, unknown>, placement: Placement, value: unknown): void {
  let container = document;
  if (placement.extension !== undefined) {
    const key = keyFor(document, placement.extension);
    const existing = document[key];
    container = isPlainObject(existing) ? { ...existing } : {};
    document[key] = container;
  }
  const attributeKey = keyFor(container, placement.attribute);
  if (placement.subAttribute === undefined) {
    container[attributeKey] = value;
    return;
  }
  const existing = container[attributeKey];
  const parent = isPlainObject(existing) ? { ...existing } : {};
  parent[keyFor(parent, placement.subAttribute)] = value;
  container[attributeKey] = parent;
}

/** Moves dotted, URN-qualified and extension-without-URN keys to where they belong; unchanged when there are none. */
export function nestQualifiedKeys(context: DialectContext, document: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown> {
  const moves = Object.keys(document).map((key) => ({ key, target: placementFor(context, key) }));
  if (moves.every((move) => move.target === undefined)) return document;
  const result: Record<string, unknown> = {};
  // Plain keys first, so that a moved key merges into (and wins over) a nested object sent alongside it.
  for (const { key, target } of moves) if (!target) result[key] = document[key];
  for (const { key, target } of moves) {
    if (!target) continue;
    track(applied, target.rule, key, target.placement);
    place(result, target.placement, document[key]);
  }
  return result;
}
