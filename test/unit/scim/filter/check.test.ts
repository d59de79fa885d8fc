import { describe, it, expect } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import { checkFilter, resolveCompare } from '../../../../lib/scim/filter/check.js';
import { parseFilter } from '../../../../lib/scim/filter/parser.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import type { ResourceTypeName } from '../../../../lib/scim/schema/types.js';

const registry = createSchemaRegistry();
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function check(text: string, type: ResourceTypeName = 'User'): void {
  checkFilter(registry, type, parseFilter(text));
}

function failure(text: string, type: ResourceTypeName = 'User'): ScimError {
  try {
    check(text, type);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('checkFilter', () => {
  it('accepts the RFC 7644 §3.4.2.2 examples on User', () => {
    for (const text of [
      'userName Eq "john"',
      'Username eq "john"',
      'name.familyName co "O\'Malley"',
      'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
      'title pr and userType eq "Employee"',
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      `${ENTERPRISE}:manager.value eq "26118915"`,
      `${ENTERPRISE}:department eq "Tour Operations"`,
      'active eq true and externalId eq null',
      'id pr',
    ]) {
      expect(() => check(text), text).not.toThrow();
    }
  });

  it('accepts Group filters', () => {
    expect(() => check('displayName eq "Tour Guides" and members[value eq "2819c223"]', 'Group')).not.toThrow();
  });

  const bad: [string, RegExp][] = [
    ['nope eq "x"', /position 1: 'nope' is not an attribute of User/],
    ['userName pr and name.nope eq "x"', /position 17: 'name.nope' is not an attribute of User/],
    ['emails[nope eq "x"]', /position 8: 'nope' is not a sub-attribute of 'emails'/],
    ['userName[value eq "x"]', /position 1: 'userName' is not a multi-valued complex attribute/],
    ['name[givenName eq "x"]', /position 1: 'name' is not a multi-valued complex attribute/],
    ['name eq "Babs"', /position 1: 'name' is complex/],
    ['active gt true', /position 1: 'gt' is not supported on the boolean attribute 'active'/],
    ['active co "t"', /'co' is not supported on the boolean attribute/],
    ['active eq "yes"', /"yes" is not a valid boolean value for 'active'/],
    ['active eq "true"', /is not a valid boolean value/],
    ['userName eq 42', /42 is not a valid string value for 'userName'/],
    ['meta.lastModified gt "yesterday"', /"yesterday" is not a valid dateTime value/],
    ['meta.created sw "2011"', /'sw' is not supported on the dateTime attribute/],
    ['userName gt null', /'gt' cannot compare with null/],
    ['members pr', /'members' is not an attribute of User/],
  ];
  for (const [text, detail] of bad) {
    it(`rejects ${text}`, () => {
      const error = failure(text);
      expect(error.scimType).toBe('invalidFilter');
      expect(error.status).toBe(400);
      expect(error.detail).toMatch(detail);
    });
  }

  it('rejects a user attribute on groups', () => {
    expect(failure('userName eq "x"', 'Group').detail).toMatch(/'userName' is not an attribute of Group/);
  });
});

describe('resolveCompare', () => {
  it('reads a comparison on a multi-valued complex attribute as its value sub-attribute', () => {
    const node = parseFilter('emails co "example.com"');
    if (node.kind !== 'compare') throw new Error('compare expected');
    const resolved = resolveCompare(registry, 'User', node);
    expect(resolved.attribute.name).toBe('emails');
    expect(resolved.target.name).toBe('value');
  });

  it('canonicalises names and marks extension attributes', () => {
    const node = parseFilter(`${ENTERPRISE.toUpperCase()}:MANAGER.VALUE eq "x"`);
    if (node.kind !== 'compare') throw new Error('compare expected');
    const resolved = resolveCompare(registry, 'User', node);
    expect(resolved).toMatchObject({ schema: ENTERPRISE, extension: true });
    expect(resolved.attribute.name).toBe('manager');
    expect(resolved.target.name).toBe('value');
  });
});
