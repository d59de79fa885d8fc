/**
 * Which filters are lookups by key, run as one statement without the round trips of a cancellable search: one `eq`
 * with a string on userName, a group's displayName, id or externalId, in any case and with the core schema URN.
 */
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../../lib/scim/filter/parser.js';
import type { ResourceTypeName } from '../../../../lib/scim/schema/types.js';
import { isKeyLookup } from '../../../../lib/store/filter/key-lookup.js';

const lookup = (type: ResourceTypeName, filter: string): boolean => isKeyLookup(type, parseFilter(filter));

describe('isKeyLookup', () => {
  it('takes one eq on a key attribute of the type', () => {
    expect(lookup('User', 'userName eq "ada@example.com"')).toBe(true);
    expect(lookup('User', 'USERNAME EQ "ada@example.com"')).toBe(true);
    expect(lookup('User', 'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ada"')).toBe(true);
    expect(lookup('User', 'externalId eq "00u1"')).toBe(true);
    expect(lookup('User', 'id eq "2819c223-7f76-453a-919d-413861904646"')).toBe(true);
    expect(lookup('Group', 'displayName eq "Admins"')).toBe(true);
    expect(lookup('Group', 'externalId eq "g1"')).toBe(true);
  });

  it('leaves every other filter a search', () => {
    expect(lookup('User', 'displayName eq "Ada"')).toBe(false); // a user's displayName is not unique
    expect(lookup('Group', 'userName eq "ada"')).toBe(false);
    expect(lookup('User', 'userName co "ada"')).toBe(false);
    expect(lookup('User', 'userName sw "a"')).toBe(false);
    expect(lookup('User', 'userName pr')).toBe(false);
    expect(lookup('User', 'userName eq null')).toBe(false);
    expect(lookup('User', 'userName eq "a" or userName eq "b"')).toBe(false);
    expect(lookup('User', 'not (userName eq "a")')).toBe(false);
    expect(lookup('User', 'emails[type eq "work"].value eq "ada@example.com"')).toBe(false);
    expect(lookup('User', 'name.familyName eq "Lovelace"')).toBe(false);
    expect(lookup('User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "7"')).toBe(false);
    expect(lookup('User', 'urn:example:ext:2.0:User:userName eq "ada"')).toBe(false);
  });
});
