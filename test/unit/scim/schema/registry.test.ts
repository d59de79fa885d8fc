import { describe, it, expect } from 'vitest';
import type { AttributePath } from '../../../../lib/scim/path/ast.js';
import { createSchemaRegistry, findAttribute } from '../../../../lib/scim/schema/registry.js';
import type { AttributeDefinition } from '../../../../lib/scim/schema/types.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';

const path = (attribute: string, subAttribute?: string, schema?: string): AttributePath => ({
  kind: 'attributePath',
  attribute,
  ...(subAttribute !== undefined ? { subAttribute } : {}),
  ...(schema !== undefined ? { schema } : {}),
});

describe('createSchemaRegistry', () => {
  const registry = createSchemaRegistry();

  it('lists the resource types and their schema URNs, core first', () => {
    expect(registry.resourceTypes.map((type) => type.name)).toEqual(['User', 'Group']);
    expect(registry.schemaUrns('User')).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(registry.schemaUrns('Group')).toEqual([GROUP_SCHEMA]);
  });

  it('finds schemas by URN in any case', () => {
    expect(registry.schema(ENTERPRISE_USER_SCHEMA.toUpperCase())?.id).toBe(ENTERPRISE_USER_SCHEMA);
    expect(registry.schema('urn:example:unknown')).toBeUndefined();
  });

  it('answers a repeated resolution the same way, known or unknown, whatever the case written', () => {
    const first = registry.resolve('User', path('emails', 'value'));
    expect(registry.resolve('User', path('emails', 'value'))).toBe(first);
    expect(registry.resolve('User', path('EMAILS', 'VALUE'))?.target).toBe(first?.target);
    expect(registry.resolve('User', path('emails'))?.subAttribute).toBeUndefined();
    expect(registry.resolve('User', path('nosuch'))).toBeUndefined();
    expect(registry.resolve('User', path('nosuch'))).toBeUndefined();
    expect(registry.resolve('Group', path('emails', 'value'))).toBeUndefined();
  });

  it('resolves names case-insensitively to canonical definitions', () => {
    const resolved = registry.resolve('User', path('NAME', 'GIVENNAME'));
    expect(resolved?.attribute.name).toBe('name');
    expect(resolved?.target.name).toBe('givenName');
    expect(resolved?.schema).toBe(USER_SCHEMA);
    expect(resolved?.extension).toBe(false);
  });

  it('resolves core-URN and extension-URN qualified names', () => {
    expect(registry.resolve('User', path('name', 'givenName', USER_SCHEMA))?.target.name).toBe('givenName');
    const manager = registry.resolve('User', path('manager', 'value', ENTERPRISE_USER_SCHEMA.toLowerCase()));
    expect(manager).toMatchObject({ schema: ENTERPRISE_USER_SCHEMA, extension: true });
    expect(manager?.target.caseExact).toBe(true);
  });

  it('does not resolve extension attributes without their URN, nor schemas of another type', () => {
    expect(registry.resolve('User', path('employeeNumber'))).toBeUndefined();
    expect(registry.resolve('Group', path('displayName', undefined, USER_SCHEMA))).toBeUndefined();
    expect(registry.resolve('User', path('nosuch'))).toBeUndefined();
    expect(registry.resolve('User', path('name', 'nosuch'))).toBeUndefined();
  });

  it('resolves the common attributes of both resource types', () => {
    for (const type of ['User', 'Group'] as const) {
      expect(registry.resolve(type, path('id'))?.target).toMatchObject({ returned: 'always', mutability: 'readOnly', caseExact: true });
      expect(registry.resolve(type, path('externalId'))?.target.caseExact).toBe(true);
      expect(registry.resolve(type, path('meta', 'lastModified'))?.target.type).toBe('dateTime');
      expect(registry.resolve(type, path('schemas'))?.target.returned).toBe('always');
    }
    expect(registry.resolve('User', path('meta', 'version', USER_SCHEMA))?.target.name).toBe('version');
    expect(registry.resolve('User', path('id', undefined, ENTERPRISE_USER_SCHEMA))).toBeUndefined();
  });

  it('has the characteristics the brief and RFC 7643 ask for', () => {
    expect(registry.resolve('User', path('userName'))?.target).toMatchObject({ required: true, uniqueness: 'server', caseExact: false });
    expect(registry.resolve('User', path('password'))?.target).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(registry.resolve('User', path('groups'))?.target.mutability).toBe('readOnly');
    expect(registry.resolve('Group', path('displayName'))?.target.required).toBe(true);
    expect(registry.resolve('Group', path('members'))?.target.mutability).toBe('readWrite');
    expect(registry.resolve('Group', path('members', 'value'))?.target.mutability).toBe('immutable');
    expect(registry.resolve('Group', path('members', 'type'))?.target.canonicalValues).toEqual(['User', 'Group']);
  });

  it('resolves value-filter paths within a multi-valued attribute', () => {
    const emails = registry.resolve('User', path('emails'));
    expect(emails).toBeDefined();
    if (!emails) return;
    expect(registry.resolveWithin(emails, path('TYPE'))).toMatchObject({ attribute: emails.attribute, target: { name: 'type' } });
    expect(registry.resolveWithin(emails, path('nosuch'))).toBeUndefined();
    expect(registry.resolveWithin(emails, path('value', 'x'))).toBeUndefined();
    const userName = registry.resolve('User', path('userName'));
    expect(userName && registry.resolveWithin(userName, path('value'))).toBeUndefined();
  });

  it('throws on an unknown resource type name', () => {
    expect(() => registry.resourceType('Device' as 'User')).toThrow(TypeError);
  });
});

describe('findAttribute', () => {
  const definition = (name: string, mutability: AttributeDefinition['mutability']): AttributeDefinition => ({
    name, type: 'string', multiValued: false, description: name, required: false, caseExact: false, mutability, returned: 'default', uniqueness: 'none',
  });
  const attributes = [definition('userName', 'readWrite'), definition('emails', 'readWrite'), definition('USERNAME', 'readOnly')];

  it('finds a name in any case, the first definition of a name winning as a scan would', () => {
    expect(findAttribute(attributes, 'username')?.mutability).toBe('readWrite');
    expect(findAttribute(attributes, 'UserName')?.mutability).toBe('readWrite');
    expect(findAttribute(attributes, 'EMAILS')?.name).toBe('emails');
    expect(findAttribute(attributes, 'emails')?.name).toBe('emails');
  });

  it('finds nothing for unknown names or a missing list', () => {
    expect(findAttribute(attributes, 'nickName')).toBeUndefined();
    expect(findAttribute(undefined, 'userName')).toBeUndefined();
  });
});
