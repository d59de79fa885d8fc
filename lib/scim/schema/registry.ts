/**
 * The schema registry: the User, Enterprise User and Group schemas and the User and Group resource types, with
 * case-insensitive attribute resolution (RFC 7643 §2.1 "Attribute names are case insensitive").
 */
import type { AttributePath } from '../path/ast.js';
import { BoundedMemo } from '../bounded-memo.js';
import { commonAttributes } from './common-attributes.js';
import { enterpriseUserSchema } from './enterprise-user-schema.js';
import { groupSchema } from './group-schema.js';
import type { SchemaRegistry } from './registry-types.js';
import { groupResourceType, userResourceType } from './resource-types.js';
import type {
  AttributeDefinition,
  ResolvedAttribute,
  ResourceTypeDefinition,
  ResourceTypeName,
  SchemaDefinition,
} from './types.js';
import { userSchema } from './user-schema.js';

/** What a registry is built from; the default is this service's schemas and resource types. */
export interface SchemaRegistryOptions {
  readonly schemas?: readonly SchemaDefinition[];
  readonly resourceTypes?: readonly ResourceTypeDefinition[];
}

/**
 * The index by lowercased name that the attribute lists of a registry carry. A registry copies the definitions it
 * is built from and indexes each copied list once, at creation, so lookups need no scan and no shared cache: the
 * index belongs to the registry's own lists, and two registries share nothing. Not enumerable, so the lists still
 * serialise and compare as plain arrays.
 */
const BY_NAME: unique symbol = Symbol('attributes by lowercased name');

type IndexedAttributes = readonly AttributeDefinition[] & { readonly [BY_NAME]?: ReadonlyMap<string, AttributeDefinition> };

/** Freezes `list` with its index; the first definition of a name wins, as a scan in order would find it. */
function withIndex(list: AttributeDefinition[]): readonly AttributeDefinition[] {
  const byName = new Map<string, AttributeDefinition>();
  for (const attribute of list) {
    const key = attribute.name.toLowerCase();
    if (!byName.has(key)) byName.set(key, attribute);
  }
  Object.defineProperty(list, BY_NAME, { value: byName });
  return Object.freeze(list);
}

/** A frozen copy of `attributes`, every list in it (sub-attributes included) indexed. */
function indexedCopy(attributes: readonly AttributeDefinition[]): readonly AttributeDefinition[] {
  return withIndex(attributes.map((attribute) => Object.freeze(attribute.subAttributes ? { ...attribute, subAttributes: indexedCopy(attribute.subAttributes) } : { ...attribute })));
}

/**
 * Finds an attribute by name, ignoring case (RFC 7643 §2.1): through the index of a registry's list, or by a scan
 * of any other list.
 */
export function findAttribute(
  attributes: readonly AttributeDefinition[] | undefined,
  name: string,
): AttributeDefinition | undefined {
  if (attributes === undefined) return undefined;
  const byName = (attributes as IndexedAttributes)[BY_NAME];
  if (byName !== undefined) return byName.get(name) ?? byName.get(name.toLowerCase());
  const lower = name.toLowerCase();
  return attributes.find((attribute) => attribute.name.toLowerCase() === lower);
}

/** True when two URNs are the same schema (URNs compare case-insensitively here, RFC 7643 §2.1 spirit). */
export function sameUrn(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Creates the registry. Options exist for tests and future host-defined extensions; without them the registry
 * holds core User + Enterprise User, and Group. The registry owns everything it derives (its indexed copies of the
 * definitions, the top-level attribute lists, the memo of resolutions), so each directory has its own.
 */
export function createSchemaRegistry(options: SchemaRegistryOptions = {}): SchemaRegistry {
  const schemas = Object.freeze(
    (options.schemas ?? [userSchema, enterpriseUserSchema, groupSchema]).map((definition) => Object.freeze({ ...definition, attributes: indexedCopy(definition.attributes) })),
  );
  const resourceTypes = Object.freeze([...(options.resourceTypes ?? [userResourceType, groupResourceType])]);
  const common = indexedCopy(commonAttributes);

  // Lookups by key instead of scans: normalisation and validation ask for schemas and resource types per key of
  // every document. The first definition of a URN wins, as a scan would find it.
  const schemasByUrn = new Map<string, SchemaDefinition>();
  for (const candidate of [...schemas].reverse()) schemasByUrn.set(candidate.id.toLowerCase(), candidate);
  const resourceTypesByName = new Map<string, ResourceTypeDefinition>();
  for (const candidate of [...resourceTypes].reverse()) resourceTypesByName.set(candidate.name, candidate);
  const urnsByType = new Map<string, readonly string[]>(
    resourceTypes.map((definition) => [definition.name, Object.freeze([definition.schema, ...definition.schemaExtensions.map((extension) => extension.schema)])]),
  );

  const schema = (urn: string): SchemaDefinition | undefined => schemasByUrn.get(urn) ?? schemasByUrn.get(urn.toLowerCase());

  const resourceType = (name: ResourceTypeName): ResourceTypeDefinition => {
    const found = resourceTypesByName.get(name);
    if (!found) throw new TypeError(`unknown resource type '${String(name)}'`);
    return found;
  };

  const schemaUrns = (type: ResourceTypeName): readonly string[] => {
    const urns = urnsByType.get(type);
    if (!urns) throw new TypeError(`unknown resource type '${String(type)}'`);
    return urns;
  };

  // One top-level list per resource type, the same array on every call, indexed like the others.
  const coreListsByType = new Map<string, readonly AttributeDefinition[]>(
    resourceTypes.map((definition) => [definition.name, withIndex([...common, ...(schema(definition.schema)?.attributes ?? [])])]),
  );

  const coreAttributes = (type: ResourceTypeName): readonly AttributeDefinition[] => {
    const list = coreListsByType.get(type);
    if (!list) throw new TypeError(`unknown resource type '${String(type)}'`);
    return list;
  };

  const withSubAttribute = (
    base: Omit<ResolvedAttribute, 'target' | 'subAttribute'>,
    subAttributeName: string | undefined,
  ): ResolvedAttribute | undefined => {
    if (subAttributeName === undefined) return { ...base, target: base.attribute };
    const subAttribute = findAttribute(base.attribute.subAttributes, subAttributeName);
    return subAttribute ? { ...base, subAttribute, target: subAttribute } : undefined;
  };

  // Resolutions by type and path as written: the same few paths (userName, emails.value, members, …) are resolved
  // several times per request by normalisation, validation, filters and projection.
  const resolutions = new BoundedMemo<ResolvedAttribute | undefined>(4096);

  const resolve = (type: ResourceTypeName, path: AttributePath): ResolvedAttribute | undefined =>
    resolutions.get(`${type}\u0000${path.schema ?? ''}\u0000${path.attribute}\u0000${path.subAttribute ?? '\u0001'}`, () =>
      resolveUncached(type, path),
    );

  const resolveUncached = (type: ResourceTypeName, path: AttributePath): ResolvedAttribute | undefined => {
    const definition = resourceType(type);
    const urn = path.schema ?? definition.schema;
    const owner = schemaUrns(type).find((candidate) => sameUrn(candidate, urn));
    const ownerSchema = owner === undefined ? undefined : schema(owner);
    if (!ownerSchema) return undefined;
    const extension = ownerSchema.id !== definition.schema;
    // Common attributes belong to the resource, so they resolve with or without the core URN prefix (RFC 7643 §3.1).
    const attribute =
      findAttribute(ownerSchema.attributes, path.attribute) ??
      (extension ? undefined : findAttribute(common, path.attribute));
    if (!attribute) return undefined;
    return withSubAttribute({ schema: ownerSchema.id, extension, attribute }, path.subAttribute);
  };

  const resolveWithin = (parent: ResolvedAttribute, path: AttributePath): ResolvedAttribute | undefined => {
    // Inside a value filter the names are sub-attributes of the parent: one level only (RFC 7643 §2.4).
    if (parent.subAttribute || parent.attribute.type !== 'complex' || path.subAttribute !== undefined) return undefined;
    if (path.schema !== undefined && !sameUrn(path.schema, parent.schema)) return undefined;
    const subAttribute = findAttribute(parent.attribute.subAttributes, path.attribute);
    if (!subAttribute) return undefined;
    return { schema: parent.schema, extension: parent.extension, attribute: parent.attribute, subAttribute, target: subAttribute };
  };

  return Object.freeze({ resourceTypes, schemas, resourceType, schema, schemaUrns, coreAttributes, resolve, resolveWithin });
}
