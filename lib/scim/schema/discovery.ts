/**
 * Discovery documents (RFC 7644 §4, RFC 7643 §6–7): the `/Schemas` and `/ResourceTypes` resources and their list
 * responses, built from the registry so they always describe what validation and projection enforce.
 */
import type { SchemaRegistry } from './registry-types.js';
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition, ScimResource } from './types.js';
import { LIST_RESPONSE_SCHEMA, RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA } from './urns.js';

/** Removes trailing slashes so `${base}/Schemas` never has `//`. */
function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** An attribute as RFC 7643 §7 represents it, every characteristic spelled out. */
function attributeRepresentation(attribute: AttributeDefinition): ScimResource {
  return {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
    ...(attribute.canonicalValues ? { canonicalValues: [...attribute.canonicalValues] } : {}),
    ...(attribute.referenceTypes ? { referenceTypes: [...attribute.referenceTypes] } : {}),
    ...(attribute.subAttributes ? { subAttributes: attribute.subAttributes.map(attributeRepresentation) } : {}),
  };
}

/** One schema resource (RFC 7643 §7, §8.7), with `meta.resourceType: "Schema"` and its location. */
export function schemaResource(schema: SchemaDefinition, baseUrl: string): ScimResource {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeRepresentation),
    meta: { resourceType: 'Schema', location: `${trimBase(baseUrl)}/Schemas/${schema.id}` },
  };
}

/** One resource type resource (RFC 7643 §6, §8.6); `schemaExtensions` is omitted when there are none. */
export function resourceTypeResource(resourceType: ResourceTypeDefinition, baseUrl: string): ScimResource {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: resourceType.id,
    name: resourceType.name,
    endpoint: resourceType.endpoint,
    description: resourceType.description,
    schema: resourceType.schema,
    ...(resourceType.schemaExtensions.length > 0
      ? { schemaExtensions: resourceType.schemaExtensions.map((extension) => ({ ...extension })) }
      : {}),
    meta: { resourceType: 'ResourceType', location: `${trimBase(baseUrl)}/ResourceTypes/${resourceType.id}` },
  };
}

/** A ListResponse holding every resource at once (RFC 7644 §3.4.2; discovery lists are not paged, §4). */
function listResponse(resources: readonly ScimResource[]): ScimResource {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  };
}

/** The `GET /Schemas` response (RFC 7644 §4). */
export function schemasListResponse(registry: SchemaRegistry, baseUrl: string): ScimResource {
  return listResponse(registry.schemas.map((schema) => schemaResource(schema, baseUrl)));
}

/** The `GET /Schemas/{urn}` resource, URN matched case-insensitively; undefined when unknown (→ 404). */
export function findSchemaResource(registry: SchemaRegistry, urn: string, baseUrl: string): ScimResource | undefined {
  const schema = registry.schema(urn);
  return schema ? schemaResource(schema, baseUrl) : undefined;
}

/** The `GET /ResourceTypes` response (RFC 7644 §4). */
export function resourceTypesListResponse(registry: SchemaRegistry, baseUrl: string): ScimResource {
  return listResponse(registry.resourceTypes.map((resourceType) => resourceTypeResource(resourceType, baseUrl)));
}

/** The `GET /ResourceTypes/{name}` resource, name matched case-insensitively; undefined when unknown (→ 404). */
export function findResourceTypeResource(registry: SchemaRegistry, name: string, baseUrl: string): ScimResource | undefined {
  const found = registry.resourceTypes.find((candidate) => candidate.id.toLowerCase() === name.toLowerCase());
  return found ? resourceTypeResource(found, baseUrl) : undefined;
}
