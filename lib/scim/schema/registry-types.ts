/**
 * The contract of the schema registry: every part of the service that needs to know what an attribute is asks
 * this, so validation, discovery, filters, PATCH, projection and SQL agree.
 */
import type { AttributePath } from '../path/ast.js';
import type {
  AttributeDefinition,
  ResolvedAttribute,
  ResourceTypeDefinition,
  ResourceTypeName,
  SchemaDefinition,
} from './types.js';

/** Read-only view of the schemas and resource types this service provides. */
export interface SchemaRegistry {
  /** All resource types (User, Group). */
  readonly resourceTypes: readonly ResourceTypeDefinition[];
  /** All schemas (core User, Enterprise User extension, Group). */
  readonly schemas: readonly SchemaDefinition[];
  /** The resource type by name. */
  resourceType(name: ResourceTypeName): ResourceTypeDefinition;
  /** A schema by URN, case-insensitively; undefined when unknown. */
  schema(urn: string): SchemaDefinition | undefined;
  /** The schema URNs a resource of this type may carry (core first, then extensions). */
  schemaUrns(type: ResourceTypeName): readonly string[];
  /**
   * The attributes at the top level of a resource of this type: the common attributes (RFC 7643 §3.1) followed by
   * the core schema's; the same indexed array on every call.
   */
  coreAttributes(type: ResourceTypeName): readonly AttributeDefinition[];
  /**
   * Resolves an attribute path of a resource type, case-insensitively (RFC 7643 §2.1), honouring a URN prefix
   * (core or extension). `meta.*`, `id`, `externalId` and `schemas` resolve too (RFC 7643 §3.1 common attributes).
   * Returns undefined when the path names nothing.
   */
  resolve(type: ResourceTypeName, path: AttributePath): ResolvedAttribute | undefined;
  /**
   * Resolves `path` inside the multi-valued complex attribute `parent` (the attribute paths of a value filter,
   * `emails[type eq "work"]`, name sub-attributes of the element). Undefined when `parent` has no such sub-attribute.
   */
  resolveWithin(parent: ResolvedAttribute, path: AttributePath): ResolvedAttribute | undefined;
}
