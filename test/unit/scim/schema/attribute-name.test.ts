import { describe, it, expect } from 'vitest';
import { formatAttributePath, parseAttributeName } from '../../../../lib/scim/schema/attribute-name.js';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';

describe('parseAttributeName', () => {
  it('parses a plain and a dotted name', () => {
    expect(parseAttributeName('userName')).toEqual({ kind: 'attributePath', attribute: 'userName' });
    expect(parseAttributeName(' name.givenName ')).toEqual({
      kind: 'attributePath',
      attribute: 'name',
      subAttribute: 'givenName',
    });
    expect(parseAttributeName('members.$ref')).toEqual({ kind: 'attributePath', attribute: 'members', subAttribute: '$ref' });
  });

  it('takes the URN up to the last colon, though the URN contains a dot', () => {
    expect(parseAttributeName(`${ENTERPRISE_USER_SCHEMA}:manager.value`)).toEqual({
      kind: 'attributePath',
      schema: ENTERPRISE_USER_SCHEMA,
      attribute: 'manager',
      subAttribute: 'value',
    });
    expect(parseAttributeName(`${USER_SCHEMA.toUpperCase()}:name.givenName`)?.schema).toBe(USER_SCHEMA.toUpperCase());
  });

  it('reads a bare schema URN as its last segment, for callers to check first', () => {
    expect(parseAttributeName(ENTERPRISE_USER_SCHEMA)).toEqual({
      kind: 'attributePath',
      schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0',
      attribute: 'User',
    });
  });

  it.each(['', 'a.b.c', 'emails[type eq "work"]', '1abc', 'urn:', 'urn::x', 'na me', 'name.'])('rejects %j', (text) => {
    expect(parseAttributeName(text)).toBeUndefined();
  });

  it('formats what it parses back to the same text', () => {
    for (const text of ['userName', 'name.familyName', `${ENTERPRISE_USER_SCHEMA}:manager.value`]) {
      const parsed = parseAttributeName(text);
      expect(parsed && formatAttributePath(parsed)).toBe(text);
    }
  });
});
