/**
 * Parsing of the `attributes` and `excludedAttributes` query parameters (RFC 7644 §3.4.2.5, §3.9): comma-separated
 * names in standard attribute notation (RFC 7644 §3.10), case-insensitive, optionally URN-qualified; a bare schema
 * URN names the whole extension.
 *
 * Decisions: a name that is not in attribute notation at all (`emails[type eq "work"]`, `a.b.c`) is 400
 * `invalidValue` naming the parameter and the item; a well-formed name that names no attribute of the resource
 * type is ignored, for both parameters. RFC 7644 §3.9 gives no error for either, and IDPs ask for attributes a
 * provider may not support; ignoring them returns what the provider has.
 */
import { invalidValue } from '../errors.js';
import { parseAttributeName } from '../schema/attribute-name.js';
import type { SchemaRegistry } from '../schema/registry-types.js';
import type { ResourceTypeName } from '../schema/types.js';

/** A set of named attributes: whole attributes, or only some of their sub-attributes, grouped by schema. */
export interface AttributeSelection {
  /** Schema URNs named bare (canonical): every attribute of that schema. */
  readonly schemas: ReadonlySet<string>;
  /**
   * Named attributes, keyed by `selectionKey(schema, attribute)` with canonical names: `true` when the whole
   * attribute is named, else the canonical names of the sub-attributes named.
   */
  readonly attributes: ReadonlyMap<string, true | ReadonlySet<string>>;
}

/** The parsed projection request of one query. Neither selection means the default projection. */
export interface Projection {
  /** From `attributes`: only these (plus `returned: always`) are returned. */
  readonly include?: AttributeSelection;
  /** From `excludedAttributes`: these are not returned (unless `returned: always`). */
  readonly exclude?: AttributeSelection;
}

/** The raw parameters as they arrive: one string, repeated parameters as an array, or absent. */
export interface ProjectionParameters {
  readonly attributes?: string | readonly string[] | undefined;
  readonly excludedAttributes?: string | readonly string[] | undefined;
}

/**
 * Most names one parameter may list. A resource type has far fewer attributes and sub-attributes; the cap keeps a
 * body-sized list of names from holding the event loop while each is parsed and resolved.
 */
export const MAX_PROJECTION_NAMES = 1000;

/** The key of a top-level attribute in an {@link AttributeSelection}. */
export function selectionKey(schema: string, attribute: string): string {
  return `${schema}|${attribute}`;
}

/** The sub-attribute names of a selection entry, merging a whole-attribute name over sub-attribute names. */
function merge(existing: true | ReadonlySet<string> | undefined, subAttribute: string | undefined): true | ReadonlySet<string> {
  if (existing === true || subAttribute === undefined) return true;
  return new Set([...(existing ?? []), subAttribute]);
}

/** Parses one parameter into a selection; undefined when it names nothing (absent or empty). */
export function parseSelection(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  parameter: string,
  value: string | readonly string[] | undefined,
): AttributeSelection | undefined {
  if (value === undefined) return undefined;
  const names = (typeof value === 'string' ? [value] : value)
    .flatMap((text) => text.split(','))
    .map((name) => name.trim());
  if (names.length > MAX_PROJECTION_NAMES) {
    throw invalidValue(`${parameter}: ${names.length} names; at most ${MAX_PROJECTION_NAMES} are accepted`);
  }
  const schemas = new Set<string>();
  const attributes = new Map<string, true | ReadonlySet<string>>();
  const urns = registry.schemaUrns(type);
  names.forEach((name, index) => {
    if (name === '') return;
    const schema = registry.schema(name);
    if (schema) {
      if (urns.includes(schema.id)) schemas.add(schema.id);
      return;
    }
    const path = parseAttributeName(name);
    if (!path) throw invalidValue(`${parameter}: item ${index + 1} '${name}' is not an attribute name`);
    const resolved = registry.resolve(type, path);
    if (!resolved) return;
    const key = selectionKey(resolved.schema, resolved.attribute.name);
    attributes.set(key, merge(attributes.get(key), resolved.subAttribute?.name));
  });
  return schemas.size > 0 || attributes.size > 0 ? { schemas, attributes } : undefined;
}

/** Parses both parameters of a request. Throws 400 `invalidValue` for a malformed name. */
export function parseProjection(registry: SchemaRegistry, type: ResourceTypeName, parameters: ProjectionParameters): Projection {
  const include = parseSelection(registry, type, 'attributes', parameters.attributes);
  const exclude = parseSelection(registry, type, 'excludedAttributes', parameters.excludedAttributes);
  return { ...(include ? { include } : {}), ...(exclude ? { exclude } : {}) };
}
