import { describe, it, expect } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import { applyPatch } from '../../../../lib/scim/patch/apply-patch.js';
import type { PatchOperation, PatchOptions } from '../../../../lib/scim/patch/types.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import type { ResourceTypeName, ScimResource } from '../../../../lib/scim/schema/types.js';
import { rfcExample } from '../../../fixtures/rfc-examples.js';

const registry = createSchemaRegistry();
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const load = (name: string): ScimResource => rfcExample(name) as ScimResource;
const enterpriseUser = (): ScimResource => load('rfc7643-8.3-enterprise-user.json');
const fullUser = (): ScimResource => load('rfc7643-8.2-user-full.json');
const group = (): ScimResource => {
  const { members: _members, ...rest } = load('rfc7643-8.4-group.json');
  return rest;
};

function run(operations: PatchOperation[], resource = enterpriseUser(), type: ResourceTypeName = 'User', options?: PatchOptions) {
  return applyPatch(registry, type, resource, operations, options);
}

function failure(operations: PatchOperation[], resource = enterpriseUser(), type: ResourceTypeName = 'User', options?: PatchOptions): ScimError {
  try {
    run(operations, resource, type, options);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected the patch to fail');
}

const emails = (resource: ScimResource): Record<string, unknown>[] => resource['emails'] as Record<string, unknown>[];

describe('applyPatch: add / replace / remove', () => {
  it('sets sub-attributes of a single-valued complex attribute', () => {
    const { resource } = run([{ op: 'replace', path: 'name.givenName', value: 'Babs' }]);
    expect(resource['name']).toMatchObject({ givenName: 'Babs', familyName: 'Jensen' });
  });

  it('merges a complex value into the existing one on replace (RFC 7644 §3.5.2.3)', () => {
    const { resource } = run([{ op: 'replace', path: 'name', value: { givenName: 'B' } }]);
    expect(resource['name']).toMatchObject({ givenName: 'B', familyName: 'Jensen', middleName: 'Jane' });
  });

  it('removes a single-valued attribute and a sub-attribute', () => {
    const { resource } = run([
      { op: 'remove', path: 'title' },
      { op: 'remove', path: 'name.middleName' },
    ]);
    expect(resource).not.toHaveProperty('title');
    expect(resource['name']).not.toHaveProperty('middleName');
  });

  it('addresses extension attributes by URN-prefixed path', () => {
    const { resource } = run([
      { op: 'replace', path: `${ENTERPRISE}:department`, value: 'Sales' },
      { op: 'replace', path: `${ENTERPRISE}:manager.value`, value: 'boss-id' },
    ]);
    expect(resource[ENTERPRISE]).toMatchObject({ department: 'Sales', organization: 'Universal Studios' });
    expect((resource[ENTERPRISE] as Record<string, unknown>)['manager']).toMatchObject({ value: 'boss-id' });
  });

  it('adds the extension URN to schemas when it creates the extension object', () => {
    const { resource } = run([{ op: 'add', path: `${ENTERPRISE}:employeeNumber`, value: '42' }], fullUser());
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: '42' });
    expect(resource['schemas']).toEqual([CORE_USER, ENTERPRISE]);
  });

  it('takes pathless values keyed by the extension URN, and dotted or URN-qualified keys', () => {
    const { resource } = run([
      {
        op: 'replace',
        value: {
          [ENTERPRISE]: { department: 'Sales', manager: { value: 'm-1', displayName: 'ignored: readOnly' } },
          'name.givenName': 'Barb',
          [`${CORE_USER}:title`]: 'Guide',
        },
      },
    ]);
    const extension = resource[ENTERPRISE] as Record<string, unknown>;
    expect(extension['department']).toBe('Sales');
    expect(extension['manager']).toEqual({
      value: 'm-1',
      $ref: 'https://example.com/v2/Users/26118915-6090-4610-87e4-49d8ca9f808d',
      displayName: 'John Smith',
    });
    expect(resource['name']).toMatchObject({ givenName: 'Barb' });
    expect(resource['title']).toBe('Guide');
  });

  it('treats a path equal to the extension URN as the extension object', () => {
    const { resource } = run([{ op: 'add', path: ENTERPRISE, value: { costCenter: '99' } }]);
    expect(resource[ENTERPRISE]).toMatchObject({ costCenter: '99', division: 'Theme Park' });
    const removed = run([{ op: 'remove', path: ENTERPRISE }]).resource;
    expect(removed).not.toHaveProperty(ENTERPRISE);
    expect(removed['schemas']).toEqual([CORE_USER]);
  });

  it('drops the extension object and its URN when its last attribute is removed', () => {
    const input = fullUser();
    input['schemas'] = [CORE_USER, ENTERPRISE];
    input[ENTERPRISE] = { department: 'x' };
    const { resource } = run([{ op: 'remove', path: `${ENTERPRISE}:department` }], input);
    expect(resource).not.toHaveProperty(ENTERPRISE);
    expect(resource['schemas']).toEqual([CORE_USER]);
  });

  it('sets the sub-attribute of matching elements (emails[type eq "work"].value)', () => {
    const { resource } = run([{ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }]);
    expect(emails(resource)[0]).toEqual({ value: 'new@example.com', type: 'work', primary: true });
    expect(emails(resource)[1]).toEqual({ value: 'babs@jensen.org', type: 'home' });
  });

  it('appends on add without duplicating exact values', () => {
    const { resource } = run([
      { op: 'add', path: 'emails', value: [{ value: 'x@example.com', type: 'other' }, { value: 'babs@jensen.org', type: 'home' }] },
    ]);
    expect(emails(resource).map((email) => email['value'])).toEqual(['bjensen@example.com', 'babs@jensen.org', 'x@example.com']);
  });

  it('replaces the whole array on replace without filter', () => {
    const { resource } = run([{ op: 'replace', path: 'phoneNumbers', value: [{ value: '1', type: 'work' }] }]);
    expect(resource['phoneNumbers']).toEqual([{ value: '1', type: 'work' }]);
  });

  it('moves primary: true to the value that was just set (RFC 7644 §3.5.2)', () => {
    const { resource } = run([{ op: 'add', path: 'emails', value: [{ value: 'p@example.com', type: 'other', primary: true }] }]);
    expect(emails(resource).map((email) => email['primary'])).toEqual([false, undefined, true]);
    const viaFilter = run([{ op: 'replace', path: 'emails[type eq "home"].primary', value: true }]).resource;
    expect(emails(viaFilter).map((email) => email['primary'])).toEqual([false, true]);
  });

  it('rejects two primaries in one value', () => {
    const error = failure([
      { op: 'replace', path: 'emails', value: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: true }] },
    ]);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toMatch(/^Operations\[0\].*more than one 'emails' value has primary true/);
  });

  it('unassigns on replace with null', () => {
    const { resource } = run([{ op: 'replace', path: 'nickName', value: null }]);
    expect(resource).not.toHaveProperty('nickName');
  });

  it('removes the attribute when its last value is removed', () => {
    const { resource } = run([{ op: 'remove', path: 'ims[type eq "aim"]' }]);
    expect(resource).not.toHaveProperty('ims');
  });

  it('compares filter values case-insensitively where caseExact is false', () => {
    const { resource } = run([{ op: 'remove', path: 'emails[value eq "BJENSEN@EXAMPLE.COM"]' }]);
    expect(emails(resource)).toHaveLength(1);
  });

  it('reports changed=false when nothing changes and leaves the input untouched', () => {
    const input = enterpriseUser();
    const snapshot = structuredClone(input);
    const same = run([{ op: 'replace', path: 'userName', value: 'bjensen@example.com' }], input);
    expect(same.changed).toBe(false);
    const different = run([{ op: 'replace', path: 'userName', value: 'babs' }], input);
    expect(different.changed).toBe(true);
    expect(different.resource['userName']).toBe('babs');
    expect(input).toEqual(snapshot);
  });
});

describe('applyPatch: atomicity and errors', () => {
  it('leaves the input untouched when a later operation fails', () => {
    const input = enterpriseUser();
    const snapshot = structuredClone(input);
    const error = failure([{ op: 'replace', path: 'title', value: 'Boss' }, { op: 'remove', path: 'userName' }], input);
    expect(error.scimType).toBe('mutability');
    expect(error.detail).toMatch(/^Operations\[1\] \(path "userName"\): 'userName' is required/);
    expect(input).toEqual(snapshot);
  });

  const cases: [string, PatchOperation[], string, RegExp][] = [
    ['pathless remove', [{ op: 'remove' }], 'noTarget', /^Operations\[0\]: "remove" requires a "path"/],
    ['readOnly id', [{ op: 'replace', path: 'id', value: 'x' }], 'mutability', /'id' is readOnly/],
    ['readOnly meta', [{ op: 'replace', path: 'meta.lastModified', value: '2020-01-01T00:00:00Z' }], 'mutability', /'meta.lastModified' is readOnly/],
    ['readOnly groups', [{ op: 'add', path: 'groups', value: [{ value: 'g' }] }], 'mutability', /'groups' is readOnly/],
    ['pathless readOnly key', [{ op: 'replace', value: { id: 'x' } }], 'mutability', /^Operations\[0\] value "id": 'id' is readOnly/],
    ['unknown attribute', [{ op: 'add', path: 'nope', value: 1 }], 'invalidPath', /^Operations\[0\] \(path "nope"\): 'nope' is not an attribute of User/],
    ['unknown sub-attribute', [{ op: 'add', path: 'name.nope', value: 'x' }], 'invalidPath', /'name.nope' is not an attribute/],
    ['unknown filter sub-attribute', [{ op: 'replace', path: 'emails[type eq "work"].nope', value: 'x' }], 'invalidPath', /'nope' is not a sub-attribute of 'emails'/],
    ['bad filter attribute', [{ op: 'remove', path: 'emails[nope eq "work"]' }], 'invalidPath', /'nope' is not a sub-attribute of 'emails'/],
    ['malformed path', [{ op: 'remove', path: 'emails[type eq "work"' }], 'invalidPath', /^Operations\[0\] \(path .*position 22: expected '\]'/],
    ['filter on a simple attribute', [{ op: 'remove', path: 'userName[value eq "x"]' }], 'invalidPath', /not a multi-valued complex attribute/],
    ['no match on remove', [{ op: 'remove', path: 'emails[type eq "other"]' }], 'noTarget', /the filter matched no value of 'emails'/],
    ['no match on replace', [{ op: 'replace', path: 'emails[type eq "other"].value', value: 'x' }], 'noTarget', /matched no value/],
    ['wrong type', [{ op: 'replace', path: 'active', value: 'yes' }], 'invalidValue', /^Operations\[0\] \(path "active"\): 'active' must be a boolean, got "yes"/],
    ['wrong sub type', [{ op: 'add', path: 'emails', value: [{ value: 3 }] }], 'invalidValue', /: 'emails\[0\]\.value' must be a string, got 3/],
    ['unknown sub-attribute in value', [{ op: 'add', path: 'name', value: { nope: 'x' } }], 'invalidValue', /'name.nope' names no sub-attribute of 'name'/],
    ['pathless non-object', [{ op: 'add', value: 'x' }], 'invalidValue', /"value" must be an object of attributes/],
    ['add null', [{ op: 'add', path: 'title', value: null }], 'invalidValue', /"add" needs a value/],
    ['missing value', [{ op: 'add', path: 'title' }], 'invalidValue', /^Operations\[0\]: "add" requires a "value"/],
    ['bad op', [{ op: 'Add' as 'add', path: 'title', value: 'x' }], 'invalidSyntax', /^Operations\[0\]: "op" must be one of/],
    ['remove required schemas', [{ op: 'remove', path: 'schemas' }], 'mutability', /'schemas' is required/],
  ];
  for (const [name, operations, scimType, detail] of cases) {
    it(`${name} → 400 ${scimType}`, () => {
      const error = failure(operations);
      expect(error.status).toBe(400);
      expect(error.scimType).toBe(scimType);
      expect(error.detail).toMatch(detail);
    });
  }

  it('names the index of the failing operation', () => {
    const error = failure([
      { op: 'add', path: 'title', value: 'x' },
      { op: 'add', path: 'nickName', value: 'y' },
      { op: 'add', path: 'nope', value: 'z' },
    ]);
    expect(error.detail).toMatch(/^Operations\[2\]/);
  });
});

describe('applyPatch: createOnNoMatch', () => {
  it('creates the element a filter describes when asked to', () => {
    const input = fullUser();
    const { resource } = run([{ op: 'replace', path: 'phoneNumbers[type eq "fax"].value', value: '555-1' }], input, 'User', {
      createOnNoMatch: true,
    });
    expect(resource['phoneNumbers']).toEqual([
      { value: '555-555-5555', type: 'work' },
      { value: '555-555-4444', type: 'mobile' },
      { type: 'fax', value: '555-1' },
    ]);
    const added = run([{ op: 'add', path: 'ims[type eq "xmpp"]', value: { value: 'babs@xmpp' } }], input, 'User', { createOnNoMatch: true });
    expect(added.resource['ims']).toContainEqual({ type: 'xmpp', value: 'babs@xmpp' });
  });

  it('still fails on remove and on filters that do not describe an element', () => {
    expect(failure([{ op: 'remove', path: 'emails[type eq "x"]' }], enterpriseUser(), 'User', { createOnNoMatch: true }).scimType).toBe('noTarget');
    expect(
      failure([{ op: 'replace', path: 'emails[type co "x"].value', value: 'v' }], enterpriseUser(), 'User', { createOnNoMatch: true }).scimType,
    ).toBe('noTarget');
  });
});

describe('applyPatch: group members', () => {
  const members = (operations: PatchOperation[]) => run(operations, group(), 'Group');

  it('turns member operations into member changes without touching the document', () => {
    const result = members([
      { op: 'add', path: 'members', value: [{ value: 'u1', type: 'User' }, { value: 'g1', type: 'Group', display: 'x' }] },
      { op: 'remove', path: 'members[value eq "a" or value eq "b"]' },
      { op: 'remove', path: 'members[type eq "Group"]' },
      { op: 'replace', path: 'members', value: [{ value: 'only' }] },
      { op: 'replace', value: { displayName: 'Guides', members: [{ value: 'p1' }] } },
      { op: 'add', value: { members: [{ value: 'p2' }] } },
      { op: 'remove', path: 'members' },
    ]);
    expect(result.memberChanges).toEqual([
      { kind: 'add', members: [{ value: 'u1', type: 'User' }, { value: 'g1', type: 'Group' }] },
      { kind: 'remove', ids: ['a', 'b'] },
      {
        kind: 'removeWhere',
        filter: { kind: 'compare', path: { kind: 'attributePath', attribute: 'type' }, op: 'eq', value: 'Group', position: 9 },
      },
      { kind: 'replace', members: [{ value: 'only' }] },
      { kind: 'replace', members: [{ value: 'p1' }] },
      { kind: 'add', members: [{ value: 'p2' }] },
      { kind: 'removeAll' },
    ]);
    expect(result.resource).not.toHaveProperty('members');
    expect(result.resource['displayName']).toBe('Guides');
  });

  it('removes only the listed members when remove carries a value (never all)', () => {
    expect(members([{ op: 'remove', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] }]).memberChanges).toEqual([
      { kind: 'remove', ids: ['u1', 'u2'] },
    ]);
  });

  it('rejects member sub-attribute edits and malformed members', () => {
    const immutable = failure([{ op: 'replace', path: 'members[value eq "a"].value', value: 'b' }], group(), 'Group');
    expect(immutable.scimType).toBe('mutability');
    const malformed = failure([{ op: 'add', path: 'members', value: [{ display: 'x' }] }], group(), 'Group');
    expect(malformed.scimType).toBe('invalidValue');
    expect(malformed.detail).toMatch(/^Operations\[0\] \(path "members"\): members\[0\]\.value must be a non-empty string/);
    const badFilter = failure([{ op: 'remove', path: 'members[nope eq "a"]' }], group(), 'Group');
    expect(badFilter.scimType).toBe('invalidPath');
  });

  it('reports a change for member operations', () => {
    expect(members([{ op: 'add', path: 'members', value: [{ value: 'u1' }] }]).changed).toBe(true);
    expect(members([{ op: 'add', path: 'members', value: [] }]).changed).toBe(false);
  });
});
