import { describe, it, expect } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import { createProjector } from '../../../../lib/scim/list/projection.js';
import { attribute } from '../../../../lib/scim/schema/attribute-builder.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { groupResourceType, userResourceType } from '../../../../lib/scim/schema/resource-types.js';
import { enterpriseUserSchema } from '../../../../lib/scim/schema/enterprise-user-schema.js';
import { groupSchema } from '../../../../lib/scim/schema/group-schema.js';
import { userSchema } from '../../../../lib/scim/schema/user-schema.js';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';
import { loadFixture } from '../schema/fixtures.js';

const registry = createSchemaRegistry();
const projector = createProjector(registry);
const fullUser = loadFixture('rfc7643-8.3-enterprise_user');
const group = loadFixture('rfc7643-8.4-group');

const project = (parameters: { attributes?: string | string[]; excludedAttributes?: string }, doc = fullUser, type: 'User' | 'Group' = 'User') =>
  projector.project(type, doc, projector.parse(type, parameters));

describe('project: defaults', () => {
  it('returns every default attribute and never the password', () => {
    const { password, ...expected } = fullUser;
    expect(password).toBeDefined();
    expect(project({})).toEqual(expected);
  });
});

describe('project: attributes', () => {
  it('returns the RFC 7644 §3.9 partial response for attributes=userName of the §3.4.1 user', () => {
    const stored = loadFixture('rfc7644-3.4.1-user-known-resource');
    expect(project({ attributes: 'userName' }, stored)).toEqual(loadFixture('rfc7644-3.9-user-partial_response'));
  });

  it('matches names case-insensitively and with the core URN prefix', () => {
    expect(project({ attributes: `USERNAME, ${USER_SCHEMA}:DisplayName` })).toEqual({
      schemas: fullUser.schemas,
      id: fullUser.id,
      userName: fullUser.userName,
      displayName: fullUser.displayName,
    });
  });

  it('selects sub-attributes of single and multi-valued attributes', () => {
    expect(project({ attributes: 'name.givenName,emails.value,meta.version' })).toEqual({
      schemas: fullUser.schemas,
      id: fullUser.id,
      name: { givenName: 'Barbara' },
      emails: [{ value: 'bjensen@example.com' }, { value: 'babs@jensen.org' }],
      meta: { version: (fullUser.meta as Record<string, unknown>).version },
    });
  });

  it('a whole attribute named wins over its sub-attribute named', () => {
    expect(project({ attributes: ['name.givenName', 'name'] }).name).toEqual(fullUser.name);
  });

  it('selects extension attributes by qualified name, and a whole extension by its URN', () => {
    const enterprise = fullUser[ENTERPRISE_USER_SCHEMA] as Record<string, unknown>;
    expect(project({ attributes: `${ENTERPRISE_USER_SCHEMA}:manager.value,${ENTERPRISE_USER_SCHEMA.toUpperCase()}:costCenter` })).toEqual({
      schemas: fullUser.schemas,
      id: fullUser.id,
      [ENTERPRISE_USER_SCHEMA]: { costCenter: '4130', manager: { value: (enterprise.manager as Record<string, unknown>).value } },
    });
    expect(project({ attributes: ENTERPRISE_USER_SCHEMA })[ENTERPRISE_USER_SCHEMA]).toEqual(enterprise);
  });

  it('never returns the password, even when asked', () => {
    expect(project({ attributes: 'password,userName' })).not.toHaveProperty('password');
  });

  it('omits elements and attributes left empty by sub-attribute selection', () => {
    expect(project({ attributes: 'emails.primary' }).emails).toEqual([{ primary: true }]);
    expect(project({ attributes: 'emails.display' })).not.toHaveProperty('emails');
  });

  it('ignores well-formed unknown names and rejects malformed ones with invalidValue', () => {
    expect(project({ attributes: 'shoeSize,userName' })).toEqual(project({ attributes: 'userName' }));
    expect(() => project({ attributes: 'userName,emails[type eq "work"]' })).toThrow(ScimError);
    expect(() => project({ attributes: 'userName,a.b.c' })).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidValue', message: expect.stringContaining("attributes: item 2 'a.b.c'") }),
    );
  });
});

describe('project: excludedAttributes', () => {
  it('removes attributes and sub-attributes but never id or schemas', () => {
    const output = project({ excludedAttributes: 'emails,name.familyName,id,schemas,meta' });
    expect(output).not.toHaveProperty('emails');
    expect(output).not.toHaveProperty('meta');
    expect(output.name).not.toHaveProperty('familyName');
    expect((output.name as Record<string, unknown>).givenName).toBe('Barbara');
    expect(output.id).toBe(fullUser.id);
    expect(output.schemas).toEqual(fullUser.schemas);
  });

  it('removes a whole extension by its URN and omits an emptied extension block', () => {
    expect(project({ excludedAttributes: ENTERPRISE_USER_SCHEMA })).not.toHaveProperty(ENTERPRISE_USER_SCHEMA);
    const only = { schemas: [USER_SCHEMA], id: 'x', userName: 'u', [ENTERPRISE_USER_SCHEMA]: { department: 'Ops' } };
    expect(project({ excludedAttributes: `${ENTERPRISE_USER_SCHEMA}:department` }, only)).toEqual({ schemas: [USER_SCHEMA], id: 'x', userName: 'u' });
  });

  it('members of a group can be excluded', () => {
    expect(project({ excludedAttributes: 'members' }, group, 'Group')).toEqual({
      schemas: group.schemas,
      id: group.id,
      displayName: group.displayName,
      meta: group.meta,
    });
  });

  it('applies excludedAttributes after attributes when both are given', () => {
    expect(project({ attributes: 'name', excludedAttributes: 'name.givenName' }).name).not.toHaveProperty('givenName');
  });
});

describe('project: returned request', () => {
  const custom = createSchemaRegistry({
    schemas: [
      { ...userSchema, attributes: [...userSchema.attributes, attribute('secretHint', 'string', 'On request.', { returned: 'request' })] },
      enterpriseUserSchema,
      groupSchema,
    ],
    resourceTypes: [userResourceType, groupResourceType],
  });
  const customProjector = createProjector(custom);
  const doc = { schemas: [USER_SCHEMA], id: 'x', userName: 'u', secretHint: 'h' };

  it('returns request attributes only when named', () => {
    expect(customProjector.project('User', doc, customProjector.parse('User', {}))).not.toHaveProperty('secretHint');
    expect(customProjector.project('User', doc, customProjector.parse('User', { attributes: 'secretHint' })).secretHint).toBe('h');
  });
});

describe('needsAttribute', () => {
  it('tells storage whether members will be returned', () => {
    const needs = (parameters: { attributes?: string; excludedAttributes?: string }) =>
      projector.needsAttribute('Group', projector.parse('Group', parameters), 'members');
    expect(needs({})).toBe(true);
    expect(needs({ excludedAttributes: 'members' })).toBe(false);
    expect(needs({ excludedAttributes: 'members.display' })).toBe(true);
    expect(needs({ attributes: 'displayName' })).toBe(false);
    expect(needs({ attributes: 'members.value' })).toBe(true);
  });

  it('is true for always-returned and false for never-returned or unknown attributes', () => {
    const projection = projector.parse('User', { attributes: 'userName' });
    expect(projector.needsAttribute('User', projection, 'id')).toBe(true);
    expect(projector.needsAttribute('User', projection, 'groups')).toBe(false);
    expect(projector.needsAttribute('User', projector.parse('User', {}), 'GROUPS')).toBe(true);
    expect(projector.needsAttribute('User', projector.parse('User', {}), 'password')).toBe(false);
    expect(projector.needsAttribute('User', projector.parse('User', {}), 'nosuch')).toBe(false);
  });
});
