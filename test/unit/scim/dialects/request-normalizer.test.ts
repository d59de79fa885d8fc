import { describe, expect, it } from 'vitest';
import type { DialectRuleName } from '../../../../lib/scim/dialects/dialect-rule.js';
import { createRequestNormalizer } from '../../../../lib/scim/dialects/request-normalizer.js';
import { stripAttributeFilters } from '../../../../lib/scim/dialects/search-parameters.js';
import { PATCH_OP_SCHEMA } from '../../../../lib/scim/patch/types.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';

const normalize = createRequestNormalizer(createSchemaRegistry());

describe('attributeFilterIgnored', () => {
  it('drops value filters from attribute names, in text and in lists', () => {
    expect(stripAttributeFilters('emails[type eq "work"]')).toBe('emails');
    expect(stripAttributeFilters('userName,emails[type eq "a,b"].value')).toBe('userName,emails.value');
    expect(stripAttributeFilters(['emails[value eq "x"]', 'userName'])).toEqual(['emails', 'userName']);
  });

  it('keeps plain names as the same value', () => {
    const list = ['userName'];
    expect(stripAttributeFilters(list)).toBe(list);
    expect(stripAttributeFilters('userName,emails')).toBe('userName,emails');
  });
});

describe('createRequestNormalizer', () => {
  it('routes each context to its rules', () => {
    const applied = new Set<DialectRuleName>();
    expect(normalize('User', 'create', { schemas: [USER_SCHEMA], userName: 'a', active: 'True' }, applied)).toEqual({
      schemas: [USER_SCHEMA],
      userName: 'a',
      active: true,
    });
    expect(normalize('User', 'replace', { schemas: [USER_SCHEMA], userName: 'a', title: null }, applied)).toEqual({ schemas: [USER_SCHEMA], userName: 'a' });
    expect(normalize('Group', 'patch', { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'Add', path: 'members', value: 'u1' }] }, applied)).toEqual({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }],
    });
    expect(normalize('User', 'search', { filter: 'userName sw O', attributes: 'emails[type eq "work"]', count: '2' }, applied)).toEqual({
      filter: 'userName sw "O"',
      attributes: 'emails',
      count: '2',
    });
    expect([...applied].sort()).toEqual(['attributeFilterIgnored', 'bareStringValues', 'filterBareValues', 'nullMeansAbsent', 'patchOpCase', 'singleValueForMultiValued', 'stringBooleans']);
  });

  it('returns strict list parameters as the same object', () => {
    const query = { filter: 'userName eq "a"', startIndex: '1', count: '100', attributes: 'userName' };
    expect(normalize('User', 'search', query)).toBe(query);
  });
});
