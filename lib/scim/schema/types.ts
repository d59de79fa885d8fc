/**
 * Schema definitions as data (RFC 7643 §7). The registry built from these is the single source for validation,
 * discovery (`/Schemas`, `/ResourceTypes`), filter checks, projection and the SQL column map.
 */

/** RFC 7643 §2.3 attribute data types. */
export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'reference'
  | 'binary'
  | 'complex';

/** RFC 7643 §7 `mutability`. */
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
/** RFC 7643 §7 `returned`. */
export type Returned = 'always' | 'never' | 'default' | 'request';
/** RFC 7643 §7 `uniqueness`. */
export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute of a schema, as RFC 7643 §7 describes it. */
export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

/** A schema (core or extension) identified by its URN. */
export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

/** Names of the resource types this service provides. */
export type ResourceTypeName = 'User' | 'Group';

/** A resource type (RFC 7643 §6). */
export interface ResourceTypeDefinition {
  readonly id: ResourceTypeName;
  readonly name: ResourceTypeName;
  readonly endpoint: '/Users' | '/Groups';
  readonly description: string;
  readonly schema: string;
  readonly schemaExtensions: readonly { readonly schema: string; readonly required: boolean }[];
}

/**
 * An attribute reference resolved against the registry: which schema it belongs to, the top-level attribute and,
 * when the path names one, its sub-attribute. Names here are canonical (as the schema spells them).
 */
export interface ResolvedAttribute {
  /** URN of the schema holding the attribute (core or extension). */
  readonly schema: string;
  /** True when `schema` is an extension: the value lives under the URN key of the resource document. */
  readonly extension: boolean;
  /** The top-level attribute. */
  readonly attribute: AttributeDefinition;
  /** The sub-attribute, when the path has one. */
  readonly subAttribute?: AttributeDefinition;
  /** The attribute the path finally names (`subAttribute ?? attribute`). */
  readonly target: AttributeDefinition;
}

/** A SCIM resource document as JSON. */
export type ScimResource = Record<string, unknown>;
