import { describe, expect, it } from 'vitest';
import { bareStringAsValue } from '../../../../lib/scim/dialects/bare-string-values.js';
import { aliasSubAttributeKey } from '../../../../lib/scim/dialects/display-name-alias.js';
import { emptyManagerAsNull, isManagerAttribute } from '../../../../lib/scim/dialects/manager-forms.js';
import { unwrapSingleElementArray, wrapSingleValue } from '../../../../lib/scim/dialects/single-element-arrays.js';
import { stringBoolean } from '../../../../lib/scim/dialects/string-booleans.js';
import { findAttribute } from '../../../../lib/scim/schema/registry.js';
import { enterpriseUserSchema } from '../../../../lib/scim/schema/enterprise-user-schema.js';
import { groupSchema } from '../../../../lib/scim/schema/group-schema.js';
import { userSchema } from '../../../../lib/scim/schema/user-schema.js';
import type { AttributeDefinition } from '../../../../lib/scim/schema/types.js';

function attributeOf(attributes: readonly AttributeDefinition[], name: string): AttributeDefinition {
  const found = findAttribute(attributes, name);
  if (!found) throw new Error(`no attribute ${name}`);
  return found;
}

const active = attributeOf(userSchema.attributes, 'active');
const displayName = attributeOf(userSchema.attributes, 'displayName');
const emails = attributeOf(userSchema.attributes, 'emails');
const primary = attributeOf(emails.subAttributes ?? [], 'primary');
const name = attributeOf(userSchema.attributes, 'name');
const members = attributeOf(groupSchema.attributes, 'members');
const manager = attributeOf(enterpriseUserSchema.attributes, 'manager');

describe('stringBooleans', () => {
  it.each([
    ['True', true],
    ['true', true],
    [' FALSE ', false],
    ['False', false],
  ])('reads %j on a boolean attribute as %j', (text, expected) => {
    expect(stringBoolean(active, text)).toBe(expected);
    expect(stringBoolean(primary, text)).toBe(expected);
  });

  it('leaves real booleans, other strings and non-boolean attributes alone', () => {
    expect(stringBoolean(active, false)).toBe(false);
    expect(stringBoolean(active, 'yes')).toBe('yes');
    expect(stringBoolean(displayName, 'true')).toBe('true');
  });
});

describe('singleElementArrays / singleValueForMultiValued', () => {
  it('unwraps a one-element array for a single-valued attribute and reads [] as nothing', () => {
    expect(unwrapSingleElementArray(displayName, ['Ada'])).toBe('Ada');
    expect(unwrapSingleElementArray(manager, [{ value: 'm1' }])).toEqual({ value: 'm1' });
    expect(unwrapSingleElementArray(displayName, [])).toBeNull();
  });

  it('leaves longer arrays and multi-valued attributes alone', () => {
    const two = ['a', 'b'];
    expect(unwrapSingleElementArray(displayName, two)).toBe(two);
    const list = [{ value: 'a@x' }];
    expect(unwrapSingleElementArray(emails, list)).toBe(list);
  });

  it('wraps a lone value of a multi-valued attribute, not null or arrays', () => {
    expect(wrapSingleValue(members, { value: 'u1' })).toEqual([{ value: 'u1' }]);
    expect(wrapSingleValue(members, 'u1')).toEqual(['u1']);
    expect(wrapSingleValue(members, null)).toBeNull();
    expect(wrapSingleValue(name, { givenName: 'Ada' })).toEqual({ givenName: 'Ada' });
  });
});

describe('bareStringValues', () => {
  it('reads a plain id as {value} for members and manager', () => {
    expect(bareStringAsValue(members, 'u1')).toEqual({ value: 'u1' });
    expect(bareStringAsValue(manager, 'm1')).toEqual({ value: 'm1' });
  });

  it('leaves objects, simple attributes and complex attributes without a value sub-attribute alone', () => {
    const object = { value: 'u1' };
    expect(bareStringAsValue(members, object)).toBe(object);
    expect(bareStringAsValue(displayName, 'x')).toBe('x');
    expect(bareStringAsValue(name, 'Ada Lovelace')).toBe('Ada Lovelace');
  });
});

describe('managerForms (empty manager)', () => {
  it('knows the manager attribute', () => {
    expect(isManagerAttribute(manager)).toBe(true);
    expect(isManagerAttribute(name)).toBe(false);
  });

  it.each([[''], ['  '], [{ value: '' }], [{ Value: null }], [{ value: '', displayName: null }]])('reads %j as no manager', (value) => {
    expect(emptyManagerAsNull(manager, value)).toBeNull();
  });

  it('keeps a real manager and other attributes', () => {
    const real = { value: 'm1' };
    expect(emptyManagerAsNull(manager, real)).toBe(real);
    expect(emptyManagerAsNull(manager, 'm1')).toBe('m1');
    expect(emptyManagerAsNull(displayName, '')).toBe('');
    const withRef = { value: '', $ref: 'https://x/Users/1' };
    expect(emptyManagerAsNull(manager, withRef)).toBe(withRef);
  });
});

describe('displayNameAlias', () => {
  it('reads members[].displayName as display', () => {
    expect(aliasSubAttributeKey(members, 'displayName', ['displayName', 'value'])).toBe('display');
    expect(aliasSubAttributeKey(members, 'DisplayName', ['DisplayName'])).toBe('display');
  });

  it('reads manager.display as displayName', () => {
    expect(aliasSubAttributeKey(manager, 'display', ['display'])).toBe('displayName');
  });

  it('keeps known keys, unrelated keys, and both spellings when both were sent', () => {
    expect(aliasSubAttributeKey(members, 'display', ['display'])).toBe('display');
    expect(aliasSubAttributeKey(members, 'nickname', ['nickname'])).toBe('nickname');
    expect(aliasSubAttributeKey(members, 'displayName', ['displayName', 'display'])).toBe('displayName');
  });
});
