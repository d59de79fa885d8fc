import { describe, it, expect } from 'vitest';
import { attribute } from '../../../../lib/scim/schema/attribute-builder.js';
import { assertImmutableUnchanged, immutableChanges } from '../../../../lib/scim/schema/immutable.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { groupResourceType, userResourceType } from '../../../../lib/scim/schema/resource-types.js';
import { enterpriseUserSchema } from '../../../../lib/scim/schema/enterprise-user-schema.js';
import { groupSchema } from '../../../../lib/scim/schema/group-schema.js';
import { userSchema } from '../../../../lib/scim/schema/user-schema.js';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';

// A registry whose User has immutable attributes, since the standard schemas have none at the top level.
const registry = createSchemaRegistry({
  schemas: [
    {
      ...userSchema,
      attributes: [
        ...userSchema.attributes,
        attribute('employeeId', 'string', 'Set once.', { mutability: 'immutable' }),
        attribute('badge', 'complex', 'Badge.', {
          subAttributes: [
            attribute('serial', 'string', 'Set once.', { mutability: 'immutable', caseExact: true }),
            attribute('colour', 'string', 'Changes.'),
          ],
        }),
      ],
    },
    { ...enterpriseUserSchema, attributes: [...enterpriseUserSchema.attributes, attribute('hireCode', 'string', 'Set once.', { mutability: 'immutable' })] },
    groupSchema,
  ],
  resourceTypes: [userResourceType, groupResourceType],
});

const stored = {
  schemas: [USER_SCHEMA],
  userName: 'ada',
  employeeId: 'E-1',
  badge: { serial: 'S-1', colour: 'red' },
  [ENTERPRISE_USER_SCHEMA]: { hireCode: 'H-1' },
};

describe('immutableChanges', () => {
  it('finds nothing when immutable values are equal (case-insensitive where not caseExact) or omitted', () => {
    expect(immutableChanges(registry, 'User', stored, { ...stored, userName: 'other', employeeId: 'e-1', badge: { serial: 'S-1', colour: 'blue' } })).toEqual([]);
    expect(immutableChanges(registry, 'User', stored, { schemas: [USER_SCHEMA], userName: 'ada' })).toEqual([]);
  });

  it('names every changed immutable attribute, sub-attribute and extension attribute', () => {
    const next = { ...stored, employeeId: 'E-2', badge: { serial: 's-1' }, [ENTERPRISE_USER_SCHEMA]: { hireCode: 'H-2' } };
    expect(immutableChanges(registry, 'User', stored, next)).toEqual(['employeeId', 'badge.serial', `${ENTERPRISE_USER_SCHEMA}:hireCode`]);
  });

  it('allows setting an immutable attribute that had no value', () => {
    expect(immutableChanges(registry, 'User', { schemas: [USER_SCHEMA], userName: 'ada' }, stored)).toEqual([]);
  });

  it('does not compare members of a group element by element', () => {
    const standard = createSchemaRegistry();
    const group = { displayName: 'g', members: [{ value: 'a' }] };
    expect(immutableChanges(standard, 'Group', group, { displayName: 'g', members: [{ value: 'b' }] })).toEqual([]);
  });

  it('assertImmutableUnchanged throws 400 mutability naming the attribute', () => {
    expect(() => assertImmutableUnchanged(registry, 'User', stored, { ...stored, employeeId: 'E-9' })).toThrow(
      expect.objectContaining({ status: 400, scimType: 'mutability', message: expect.stringContaining("'employeeId'") }),
    );
    expect(() => assertImmutableUnchanged(registry, 'User', stored, stored)).not.toThrow();
  });
});
