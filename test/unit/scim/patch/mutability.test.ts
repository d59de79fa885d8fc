import { describe, it, expect } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import { applyPatch } from '../../../../lib/scim/patch/apply-patch.js';
import type { PatchOperation } from '../../../../lib/scim/patch/types.js';
import { attribute } from '../../../../lib/scim/schema/attribute-builder.js';
import { enterpriseUserSchema } from '../../../../lib/scim/schema/enterprise-user-schema.js';
import { groupSchema } from '../../../../lib/scim/schema/group-schema.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { groupResourceType, userResourceType } from '../../../../lib/scim/schema/resource-types.js';
import type { ScimResource } from '../../../../lib/scim/schema/types.js';
import { userSchema } from '../../../../lib/scim/schema/user-schema.js';

// The shipped schemas have no immutable attribute outside group members, so the rule is tested on a variant
// of the User schema with an immutable `employeeId` and a complex `badge` with an immutable `serial`.
const registry = createSchemaRegistry({
  schemas: [
    {
      ...userSchema,
      attributes: [
        ...userSchema.attributes,
        attribute('employeeId', 'string', 'Set once.', { mutability: 'immutable' }),
        attribute('badge', 'complex', 'A badge.', {
          subAttributes: [
            attribute('serial', 'string', 'Set once.', { mutability: 'immutable' }),
            attribute('label', 'string', 'Free text.'),
          ],
        }),
      ],
    },
    enterpriseUserSchema,
    groupSchema,
  ],
  resourceTypes: [userResourceType, groupResourceType],
});

const user: ScimResource = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada' };

function scimType(resource: ScimResource, operations: PatchOperation[]): string | undefined {
  try {
    applyPatch(registry, 'User', resource, operations);
  } catch (error) {
    if (error instanceof ScimError) return error.scimType;
    throw error;
  }
  return undefined;
}

describe('applyPatch: immutable attributes (RFC 7643 §2.2)', () => {
  it('may be set while unassigned', () => {
    const { resource } = applyPatch(registry, 'User', user, [
      { op: 'add', path: 'employeeId', value: 'e-1' },
      { op: 'add', path: 'badge', value: { serial: 's-1', label: 'x' } },
    ]);
    expect(resource).toMatchObject({ employeeId: 'e-1', badge: { serial: 's-1', label: 'x' } });
  });

  it('may be "set" again to the same value', () => {
    expect(scimType({ ...user, employeeId: 'e-1' }, [{ op: 'replace', path: 'employeeId', value: 'e-1' }])).toBeUndefined();
  });

  it('cannot be changed or removed once set', () => {
    const set = { ...user, employeeId: 'e-1', badge: { serial: 's-1', label: 'x' } };
    expect(scimType(set, [{ op: 'replace', path: 'employeeId', value: 'e-2' }])).toBe('mutability');
    expect(scimType(set, [{ op: 'remove', path: 'employeeId' }])).toBe('mutability');
    expect(scimType(set, [{ op: 'replace', path: 'badge.serial', value: 's-2' }])).toBe('mutability');
    expect(scimType(set, [{ op: 'replace', value: { badge: { serial: 's-2' } } }])).toBe('mutability');
    expect(scimType(set, [{ op: 'replace', path: 'badge.label', value: 'y' }])).toBeUndefined();
  });
});
