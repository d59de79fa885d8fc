/**
 * Only list queries of a fixed set of SQL shapes run as prepared statements: no sortBy, and no filter or a single
 * `attribute eq value` comparison.
 */
import { describe, expect, it } from 'vitest';
import { isPreparableList } from '../../../lib/provisioning/preparable-list.js';

describe('isPreparableList', () => {
  it.each([
    ['no filter', undefined],
    ['userName eq', 'userName eq "ada@example.com"'],
    ['a quoted quote', 'userName eq "a\\"b"'],
    ['externalId eq, odd case and spacing', '  EXTERNALID   EQ   "x-1" '],
    ['a sub-attribute', 'emails.value eq "a@b.c"'],
    ['a URN-qualified attribute', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "7"'],
    ['a boolean', 'active eq false'],
    ['a number', 'x eq -1.5e3'],
  ])('takes %s', (_name, filter) => {
    expect(isPreparableList({ filter, sortBy: undefined })).toBe(true);
  });

  it.each([
    ['a sortBy', 'userName eq "a"', 'userName'],
    ['an and', 'userName eq "a" and active eq true', undefined],
    ['an or', 'userName eq "a" or userName eq "b"', undefined],
    ['another operator', 'userName sw "a"', undefined],
    ['a value filter', 'emails[type eq "work"]', undefined],
    ['a not', 'not (userName eq "a")', undefined],
    ['presence', 'title pr', undefined],
    ['two values', 'userName eq "a" "b"', undefined],
  ])('leaves %s to planning per request', (_name, filter, sortBy) => {
    expect(isPreparableList({ filter, sortBy })).toBe(false);
  });
});
