import { describe, expect, it } from 'vitest';
import type { DialectRuleName } from '../../../../lib/scim/dialects/dialect-rule.js';
import { quoteBareValues } from '../../../../lib/scim/dialects/filter-bare-values.js';
import { decodeEncodedFilter, plusAsSpace } from '../../../../lib/scim/dialects/filter-encoding.js';
import { parseFilter } from '../../../../lib/scim/filter/parser.js';

describe('filterEncoding', () => {
  it('decodes a filter that is still percent-encoded', () => {
    expect(decodeEncodedFilter('userName%20eq%20%22ada%40example.com%22')).toBe('userName eq "ada@example.com"');
  });

  it('leaves decoded filters alone, even with a % in a value', () => {
    const filter = 'displayName eq "100%20 off"';
    expect(decodeEncodedFilter(filter)).toBe(filter);
    expect(decodeEncodedFilter('userName%20eq%20%ZZ')).toBe('userName%20eq%20%ZZ');
  });
});

describe('filterPlusAsSpace', () => {
  it('reads + as space outside quoted values', () => {
    expect(plusAsSpace('DisplayName+eq+"Bob+Is Amazing"')).toBe('DisplayName eq "Bob+Is Amazing"');
  });

  it('leaves a filter with real spaces, or a + only inside quotes, alone', () => {
    const spaced = 'userName eq "ada+test@example.com"';
    expect(plusAsSpace(spaced)).toBe(spaced);
    const quotedOnly = 'userName eq "a+b"';
    expect(plusAsSpace(quotedOnly)).toBe(quotedOnly);
  });

  it('does not end a quoted value at an escaped quote', () => {
    expect(plusAsSpace('title+eq+"a\\"+b"')).toBe('title eq "a\\"+b"');
  });
});

describe('filterBareValues', () => {
  it.each([
    ['userName sw O', 'userName sw "O"'],
    [
      'name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)',
      'name.FamilyName eq "Employee" and (emails.Value co "example.com" or emails.Value co "example.org")',
    ],
    ['meta.Created gt 2015-10-10T14:38:21.8617979-07:00', 'meta.Created gt "2015-10-10T14:38:21.8617979-07:00"'],
    ['emails[type eq work and value co x]', 'emails[type eq "work" and value co "x"]'],
    ['emails[type eq work].value eq ryan@contoso.com', 'emails[type eq "work"].value eq "ryan@contoso.com"'],
    ['not (title eq Boss)', 'not (title eq "Boss")'],
  ])('quotes %s', (input, expected) => {
    expect(quoteBareValues(input)).toBe(expected);
    expect(() => parseFilter(expected)).not.toThrow();
  });

  it('leaves JSON literals, quoted values and pr alone (same string)', () => {
    const applied = new Set<DialectRuleName>();
    for (const filter of ['active eq true', 'x eq null', 'n gt -1.5e3', 'title pr and userName eq "a b"', 'emails[type eq "work"]']) {
      expect(quoteBareValues(filter, applied)).toBe(filter);
    }
    expect(applied.size).toBe(0);
  });
});
