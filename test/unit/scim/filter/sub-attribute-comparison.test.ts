/**
 * `attr[valFilter].subAttr op value`, the filter form Entra ID sends when email is the matching attribute
 * (`emails[type eq "work"].value eq "…"`): parsed as `attr[valFilter and subAttr op value]`, checked against the
 * registry and matched in memory like any value filter.
 */
import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import { checkFilter } from '../../../../lib/scim/filter/check.js';
import { matchesFilter } from '../../../../lib/scim/filter/matcher.js';
import { parseFilter } from '../../../../lib/scim/filter/parser.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';

const registry = createSchemaRegistry();
const user = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'ada',
  emails: [
    { value: 'ada@work.example', type: 'work', primary: true },
    { value: 'ada@home.example', type: 'home' },
  ],
  phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
  addresses: [{ type: 'work', locality: 'Oslo', country: 'NO' }],
};

function errorOf(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

describe('attr[valFilter].subAttr op value', () => {
  it('parses Entra’s lookup as a value filter with the comparison joined by and', () => {
    const node = parseFilter('emails[type eq "work"].value eq "ada@work.example"');
    expect(node).toMatchObject({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      position: 1,
      filter: {
        kind: 'and',
        left: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'work' },
        right: { kind: 'compare', path: { attribute: 'value' }, op: 'eq', value: 'ada@work.example', position: 24 },
      },
    });
  });

  it('takes pr, any operator, and combines with other expressions', () => {
    expect(parseFilter('emails[type eq "work"].value pr')).toMatchObject({ filter: { right: { kind: 'present' } } });
    const node = parseFilter('userName eq "x" or addresses[type eq "work" or primary eq true].locality sw "Os"');
    expect(node).toMatchObject({ kind: 'or', right: { kind: 'valuePath', filter: { kind: 'and', left: { kind: 'or' } } } });
  });

  it.each([
    ['emails[type eq "work"].value eq "ada@work.example"', true],
    ['emails[type eq "work"].value eq "ADA@WORK.EXAMPLE"', true],
    ['emails[type eq "home"].value eq "ada@work.example"', false],
    ['emails[type eq "work"].value ne "ada@work.example"', false],
    ['emails[type eq "home"].value ew "home.example"', true],
    ['emails[primary eq true].type eq "work"', true],
    ['phoneNumbers[type eq "mobile"].value sw "+1"', true],
    ['addresses[type eq "work"].locality eq "Oslo"', true],
    ['addresses[type eq "home"].locality pr', false],
    ['not (emails[type eq "work"].value eq "bob@work.example")', true],
  ])('%s on the user is %s', (text, expected) => {
    const node = parseFilter(text);
    checkFilter(registry, 'User', node);
    expect(matchesFilter(registry, 'User', user, node)).toBe(expected);
  });

  it('refuses a sub-attribute the attribute does not have, naming it and its position', () => {
    const error = errorOf(() => checkFilter(registry, 'User', parseFilter('emails[type eq "work"].locality eq "x"')));
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toMatch(/position 24: 'locality' is not a sub-attribute of 'emails'/);
  });

  it('refuses a value that does not fit the sub-attribute', () => {
    const error = errorOf(() => checkFilter(registry, 'User', parseFilter('emails[type eq "work"].primary eq "yes"')));
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toMatch(/position 24: "yes" is not a valid boolean value for 'primary'/);
  });
});
