import { describe, it, expect } from 'vitest';
import { parseFilter } from '../../../../lib/scim/filter/parser.js';
import { matchesFilter } from '../../../../lib/scim/filter/matcher.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { rfcExample } from '../../../fixtures/rfc-examples.js';

const registry = createSchemaRegistry();
const load = (name: string): Record<string, unknown> =>
  rfcExample(name) as Record<string, unknown>;
const user = load('rfc7643-8.3-enterprise-user.json');
const group = load('rfc7643-8.4-group.json');

const matches = (text: string, resource = user): boolean => matchesFilter(registry, 'User', resource, parseFilter(text));

describe('matchesFilter on the RFC 7643 §8.3 enterprise user', () => {
  const cases: [string, boolean][] = [
    ['userName eq "bjensen@example.com"', true],
    ['USERNAME EQ "BJENSEN@EXAMPLE.COM"', true], // userName is caseExact=false
    ['id eq "2819C223-7F76-453A-919D-413861904646"', false], // id is caseExact
    ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
    ['externalId eq "701984"', true],
    ['name.familyName co "ens"', true],
    ['name.familyName sw "Jen" and name.givenName ew "ara"', true],
    ['name.familyName sw "Smi"', false],
    ['title pr and userType eq "Employee"', true],
    ['nickName pr', true],
    ['preferredLanguage ne "en-US"', false],
    ['title ne "Boss"', true],
    ['meta.lastModified gt "2011-05-13T04:42:33Z"', true],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified ge "2011-05-13T06:42:34+02:00"', true],
    ['meta.created lt "2010-01-23T04:56:22.001Z"', true],
    ['emails co "jensen.org"', true],
    ['emails.value ew "@example.com"', true],
    ['emails.type eq "other"', false],
    ['emails[type eq "work" and value co "@example.com"]', true],
    // One element must satisfy the whole value filter: the home email is not at example.com.
    ['emails[type eq "home" and value co "@example.com"]', false],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', true],
    ['ims[type eq "xmpp"]', false],
    ['emails[primary eq true and type eq "work"]', true],
    ['emails[not (primary eq true)]', true],
    ['emails[primary eq true and type eq "home"]', false],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false],
    ['active eq true', true],
    ['active eq false', false],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "26118915-6090-4610-87e4-49d8ca9f808d"', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department co "operations"', true],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', true],
    ['locale eq null', false],
    ['roles eq null', true],
    ['roles pr', false],
    ['not (roles pr)', true],
    ['userName gt "a" and userName lt "c"', true],
    ['displayName eq "x\'; DROP TABLE users; --"', false],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected}`, () => {
      expect(matches(text)).toBe(expected);
    });
  }

  it('treats empty values as absent for pr', () => {
    expect(matches('title pr', { ...user, title: '' })).toBe(false);
    expect(matches('emails pr', { ...user, emails: [] })).toBe(false);
    expect(matches('name pr', { ...user, name: {} })).toBe(false);
  });

  it('reads attribute names case-insensitively from the document', () => {
    expect(matches('userName eq "x"', { USERNAME: 'x' })).toBe(true);
  });

  it('does not match values of the wrong JSON type', () => {
    expect(matches('active eq true', { ...user, active: 'true' })).toBe(false);
  });
});

describe('matchesFilter on the RFC 7643 §8.4 group', () => {
  it('matches members by value', () => {
    const run = (text: string): boolean => matchesFilter(registry, 'Group', group, parseFilter(text));
    expect(run('members[value eq "902c246b-6245-4190-8e05-00816be7344a"]')).toBe(true);
    expect(run('members[value eq "nobody"]')).toBe(false);
    expect(run('displayName eq "tour guides"')).toBe(true);
  });
});
