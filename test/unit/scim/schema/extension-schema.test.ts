import { describe, expect, it } from 'vitest';
import { ExtensionSchemaProblem, parseExtensionSchema, readHostSchemas } from '../../../../lib/scim/schema/extension-schema.js';
import { readDeclaredValues } from '../../../../lib/scim/roles/declared-roles.js';

const URN = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';

function problemOf(input: unknown): string {
  try {
    parseExtensionSchema(input);
  } catch (error) {
    if (error instanceof ExtensionSchemaProblem) return `${error.where}: ${error.message}`;
    throw error;
  }
  return 'no problem';
}

describe('parseExtensionSchema', () => {
  it("fills RFC 7643 §2.2's defaults and reads the schema nested or beside resourceType", () => {
    const flat = parseExtensionSchema({ resourceType: 'User', id: URN, attributes: [{ name: 'costCode' }, { name: 'link', type: 'reference' }] });
    expect(flat.schema.name).toBe('User');
    expect(flat.schema.attributes[0]).toEqual({ name: 'costCode', type: 'string', multiValued: false, description: '', required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' });
    expect(flat.schema.attributes[1]?.referenceTypes).toEqual(['external']);
    const nested = parseExtensionSchema({ resourceType: 'Group', schema: { id: 'urn:acme:team:1.0:Group', name: 'Team', attributes: [{ name: 'x', type: 'integer' }] } });
    expect(nested).toMatchObject({ resourceType: 'Group', schema: { id: 'urn:acme:team:1.0:Group', name: 'Team' } });
  });

  it('names the member at fault', () => {
    expect(problemOf({ resourceType: 'Role', id: URN, attributes: [{ name: 'a' }] })).toBe('$.resourceType: must be "User" or "Group"');
    expect(problemOf({ resourceType: 'User', id: 'contoso', attributes: [{ name: 'a' }] })).toMatch(/^\$\.id: must be a URN/);
    expect(problemOf({ resourceType: 'User', id: 'urn:ietf:params:scim:schemas:core:2.0:User', attributes: [{ name: 'a' }] })).toMatch(/cannot be redefined/);
    expect(problemOf({ resourceType: 'User', id: URN, attributes: [] })).toBe('$.attributes: must be an array of 1 to 200 attributes');
    expect(problemOf({ resourceType: 'User', id: URN, attributes: [{ name: 'a', type: 'binary' }] })).toMatch(/^\$\.attributes\[0\]\.type: must be one of/);
    expect(problemOf({ resourceType: 'User', id: URN, attributes: [{ name: 'a' }, { name: 'A' }] })).toMatch(/^\$\.attributes\[1\]\.name: "A" is defined twice/);
    expect(problemOf({ resourceType: 'User', id: URN, attributes: [{ name: 'loc', type: 'complex', subAttributes: [{ name: 'in', type: 'complex', subAttributes: [{ name: 'x' }] }] }] })).toMatch(
      /^\$\.attributes\[0\]\.subAttributes\[0\]\.type: a sub-attribute cannot be complex/,
    );
    expect(problemOf({ resourceType: 'User', id: URN, attributes: [{ name: 'a', required: 'yes' }] })).toBe('$.attributes[0].required: must be true or false');
  });
});

describe("the host's options", () => {
  it('refuse a bad schema or role with a TypeError naming the entry', () => {
    expect(() => readHostSchemas([{ resourceType: 'User', id: URN, attributes: [{ name: '1x' }] }])).toThrow(/option "schemas\[0\]": attributes\[0\]\.name must be a letter/);
    expect(() => readHostSchemas([{ tenantId: 7, resourceType: 'User', id: URN, attributes: [{ name: 'x' }] }])).toThrow(/schemas\[0\]": tenantId must be a tenant id/);
    expect(readHostSchemas([{ tenantId: 'abc', resourceType: 'User', id: URN, attributes: [{ name: 'x' }] }])[0]?.tenantId).toBe('abc');
    expect(() => readDeclaredValues('roles', [{ value: '' }])).toThrow(/"roles\[0\]\.value" must be a non-empty string/);
    expect(() => readDeclaredValues('entitlements', [{ value: 'a', display: 3 }])).toThrow(/"entitlements\[0\]\.display" must be a string/);
  });
});
