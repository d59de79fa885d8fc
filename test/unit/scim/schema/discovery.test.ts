import { describe, it, expect } from 'vitest';
import {
  findResourceTypeResource,
  findSchemaResource,
  resourceTypesListResponse,
  schemasListResponse,
} from '../../../../lib/scim/schema/discovery.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, LIST_RESPONSE_SCHEMA, USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';
import { loadFixture } from './fixtures.js';

const registry = createSchemaRegistry();
const base = 'https://example.com/v2/';

type Json = Record<string, unknown>;
const attributesOf = (schema: Json | undefined): Json[] => (schema?.attributes ?? []) as Json[];

/**
 * Every attribute (and sub-attribute) of the RFC schema exists in ours with the same characteristics. The RFC
 * JSON omits `uniqueness` and `caseExact` for some attributes; where omitted, RFC 7643 §2.2 defaults apply.
 * `deviations` lists the characteristics we change on purpose (documented in the schema data).
 */
function compareAttributes(rfc: Json[], ours: Json[], where: string, deviations: Readonly<Record<string, Json>>): void {
  for (const expected of rfc) {
    const name = String(expected.name);
    const path = where === '' ? name : `${where}.${name}`;
    const actual = ours.find((candidate) => candidate.name === name);
    expect(actual, path).toBeDefined();
    if (!actual) continue;
    const wanted = {
      type: expected.type,
      multiValued: expected.multiValued,
      mutability: expected.mutability,
      returned: expected.returned,
      uniqueness: expected.uniqueness ?? 'none',
      caseExact: expected.caseExact ?? false,
      required: expected.required,
      ...(expected.canonicalValues ? { canonicalValues: expected.canonicalValues } : {}),
      ...(expected.referenceTypes ? { referenceTypes: expected.referenceTypes } : {}),
      ...deviations[path],
    };
    expect(actual, path).toMatchObject(wanted);
    if (expected.subAttributes) compareAttributes(expected.subAttributes as Json[], (actual.subAttributes ?? []) as Json[], path, deviations);
  }
}

describe('/Schemas', () => {
  const list = schemasListResponse(registry, base);
  const resources = list.Resources as Json[];
  const byId = (id: string) => resources.find((resource) => resource.id === id);

  it('is a ListResponse of the three schemas, each with Schema meta and its location', () => {
    expect(list).toMatchObject({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 3, startIndex: 1, itemsPerPage: 3 });
    expect(resources.map((resource) => resource.id)).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA]);
    for (const resource of resources) {
      expect(resource.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:Schema']);
      expect(resource.meta).toEqual({ resourceType: 'Schema', location: `https://example.com/v2/Schemas/${String(resource.id)}` });
    }
  });

  it('describes the User schema as RFC 7643 §8.7.1 does, attribute by attribute', () => {
    const rfc = loadFixture('rfc7643-8.7.1-schema-user');
    const ours = byId(USER_SCHEMA);
    expect(ours).toMatchObject({ name: rfc.name, description: rfc.description });
    compareAttributes(attributesOf(rfc), attributesOf(ours), '', {});
    expect(attributesOf(ours).map((attribute) => attribute.name)).toEqual(attributesOf(rfc).map((attribute) => attribute.name));
  });

  it('describes the Enterprise User and Group schemas as RFC 7643 §8.7.1 does, but for documented deviations', () => {
    compareAttributes(attributesOf(loadFixture('rfc7643-8.7.1-schema-enterprise_user')), attributesOf(byId(ENTERPRISE_USER_SCHEMA)), '', {
      'manager.value': { required: false },
      'manager.$ref': { required: false },
    });
    compareAttributes(attributesOf(loadFixture('rfc7643-8.7.1-schema-group')), attributesOf(byId(GROUP_SCHEMA)), '', {
      displayName: { uniqueness: 'server' },
    });
  });

  it('finds one schema by URN in any case, and nothing for an unknown URN', () => {
    expect(findSchemaResource(registry, GROUP_SCHEMA.toUpperCase(), base)?.id).toBe(GROUP_SCHEMA);
    expect(findSchemaResource(registry, 'urn:nothing', base)).toBeUndefined();
  });
});

describe('/ResourceTypes', () => {
  it('has the shape of the RFC 7644 §4 example, the enterprise extension optional here', () => {
    const rfc = loadFixture('rfc7644-4-list_response-resource_types');
    const ours = resourceTypesListResponse(registry, 'https://example.com/v2');
    const expected = (rfc.Resources as Json[]).map((resource) =>
      resource.id === 'User'
        ? { ...resource, schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }] }
        : resource,
    );
    expect(ours).toEqual({ ...rfc, itemsPerPage: 2, Resources: expected });
  });

  it('finds one resource type by name in any case', () => {
    expect(findResourceTypeResource(registry, 'group', base)).toMatchObject({
      id: 'Group',
      meta: { location: 'https://example.com/v2/ResourceTypes/Group' },
    });
    expect(findResourceTypeResource(registry, 'Devices', base)).toBeUndefined();
  });
});
