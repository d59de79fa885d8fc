import { describe, expect, it } from 'vitest';
import { normalizeAttributeValue } from '../../../../lib/scim/dialects/attribute-walker.js';
import type { DialectContext, DialectRuleName } from '../../../../lib/scim/dialects/dialect-rule.js';
import { dropLegacySchemaUrns, ENTRA_LEGACY_GROUP_SCHEMA, hasEntraLegacyGroupSchema } from '../../../../lib/scim/dialects/legacy-schema-urns.js';
import { normalizeDocument } from '../../../../lib/scim/dialects/normalize-document.js';
import { dropNulls } from '../../../../lib/scim/dialects/null-values.js';
import { nestQualifiedKeys } from '../../../../lib/scim/dialects/qualified-keys.js';
import { dropPatchValueNoise } from '../../../../lib/scim/dialects/read-only-noise.js';
import { createSchemaRegistry, findAttribute } from '../../../../lib/scim/schema/registry.js';
import { groupSchema } from '../../../../lib/scim/schema/group-schema.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';

const registry = createSchemaRegistry();
const users: DialectContext = { registry, type: 'User' };
const groups: DialectContext = { registry, type: 'Group' };

describe('attribute walker', () => {
  it('applies the rules to elements and sub-attributes, copying only what changed', () => {
    const members = findAttribute(groupSchema.attributes, 'members');
    if (!members) throw new Error('members');
    const applied = new Set<DialectRuleName>();
    const kept = { value: 'u2' };
    const result = normalizeAttributeValue(members, ['u1', kept, null, { displayName: 'new User', value: 'u3' }], applied);
    expect(result).toEqual([{ value: 'u1' }, { value: 'u2' }, { display: 'new User', value: 'u3' }]);
    expect((result as unknown[])[1]).toBe(kept);
    expect([...applied].sort()).toEqual(['bareStringValues', 'displayNameAlias', 'nullMeansAbsent']);
  });
});

describe('legacySchemaUrns', () => {
  it("drops Entra's legacy group URN from schemas and as a key", () => {
    const body = { schemas: [GROUP_SCHEMA, ENTRA_LEGACY_GROUP_SCHEMA], displayName: 'G', [ENTRA_LEGACY_GROUP_SCHEMA]: {} };
    expect(hasEntraLegacyGroupSchema(body)).toBe(true);
    expect(dropLegacySchemaUrns(body)).toEqual({ schemas: [GROUP_SCHEMA], displayName: 'G' });
  });

  it('returns a document without legacy URNs as the same reference', () => {
    const body = { schemas: [GROUP_SCHEMA], displayName: 'G' };
    expect(dropLegacySchemaUrns(body)).toBe(body);
    expect(hasEntraLegacyGroupSchema(body)).toBe(false);
  });
});

describe('qualifiedKeys / extensionPathWithoutUrn', () => {
  it('nests dotted and URN-qualified keys, merging with what is there', () => {
    const applied = new Set<DialectRuleName>();
    const result = nestQualifiedKeys(
      users,
      {
        'name.givenName': 'Ada',
        name: { familyName: 'Lovelace' },
        [`${ENTERPRISE_USER_SCHEMA}:employeeNumber`]: '42',
        [`${ENTERPRISE_USER_SCHEMA}:manager.value`]: 'm1',
        [ENTERPRISE_USER_SCHEMA]: { department: 'R&D' },
        [`${USER_SCHEMA}:title`]: 'Countess',
      },
      applied,
    );
    expect(result).toEqual({
      name: { familyName: 'Lovelace', givenName: 'Ada' },
      [ENTERPRISE_USER_SCHEMA]: { department: 'R&D', employeeNumber: '42', manager: { value: 'm1' } },
      title: 'Countess',
    });
    expect([...applied]).toEqual(['qualifiedKeys']);
  });

  it('moves an extension attribute named without its URN', () => {
    const applied = new Set<DialectRuleName>();
    expect(nestQualifiedKeys(users, { userName: 'ada', department: 'R&D' }, applied)).toEqual({
      userName: 'ada',
      [ENTERPRISE_USER_SCHEMA]: { department: 'R&D' },
    });
    expect([...applied]).toEqual(['extensionPathWithoutUrn']);
  });

  it('leaves plain, unknown and foreign-URN keys alone (same reference)', () => {
    const body = { userName: 'ada', nmae: 'x', 'urn:example:custom:1.0:User:foo': 1, 'name.nope': 1, schemas: [USER_SCHEMA] };
    expect(nestQualifiedKeys(users, body)).toBe(body);
  });
});

describe('nullMeansAbsent', () => {
  it('drops nulls at every level', () => {
    expect(dropNulls({ a: null, b: { c: null, d: 1 }, e: [null, { f: null, g: 2 }] })).toEqual({ b: { d: 1 }, e: [{ g: 2 }] });
  });

  it('returns a value without nulls as the same reference', () => {
    const value = { a: 1, b: [{ c: 'x' }] };
    expect(dropNulls(value)).toBe(value);
  });
});

describe('readOnlyNoise / passwordIgnored (pathless PATCH values)', () => {
  it("drops Okta's echoed id, and meta, groups, schemas and password", () => {
    const applied = new Set<DialectRuleName>();
    const value = { id: 'g1', displayName: 'Renamed', meta: {}, schemas: [GROUP_SCHEMA] };
    expect(dropPatchValueNoise(groups, value, applied)).toEqual({ displayName: 'Renamed' });
    expect(dropPatchValueNoise(users, { password: 'x', Groups: [], active: false }, applied)).toEqual({ active: false });
    expect([...applied].sort()).toEqual(['passwordIgnored', 'readOnlyNoise']);
  });

  it('returns a value without noise as the same reference', () => {
    const value = { displayName: 'x', externalId: 'e' };
    expect(dropPatchValueNoise(groups, value)).toBe(value);
  });
});

describe('normalizeDocument', () => {
  it('normalises an Entra ID style create body', () => {
    const body = {
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      userName: 'ada@example.com',
      active: 'True',
      emails: [{ Primary: 'true', type: 'work', value: 'ada@example.com' }],
      'name.givenName': 'Ada',
      [`${ENTERPRISE_USER_SCHEMA}:manager`]: 'm1',
      roles: [],
    };
    expect(normalizeDocument(users, body)).toEqual({
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      userName: 'ada@example.com',
      active: true,
      emails: [{ Primary: true, type: 'work', value: 'ada@example.com' }],
      name: { givenName: 'Ada' },
      [ENTERPRISE_USER_SCHEMA]: { manager: { value: 'm1' } },
      roles: [],
    });
  });

  it('normalises extension values written under the URN key', () => {
    expect(normalizeDocument(users, { [ENTERPRISE_USER_SCHEMA]: { Manager: ['m1'] } })).toEqual({
      [ENTERPRISE_USER_SCHEMA]: { Manager: { value: 'm1' } },
    });
  });
});
