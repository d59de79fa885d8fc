/**
 * The value helpers of the filter compiler: LIKE escaping, strict dateTime literals, uuid recognition, and the
 * SQL fragment builder that keeps placeholders and bindings together.
 */
import { describe, expect, it } from 'vitest';
import { isSqlDateTime, safeTimestamptz } from '../../../../lib/store/filter/date-time-value.js';
import { escapeLike, likePattern } from '../../../../lib/store/filter/like-pattern.js';
import { bound, joinSql, nameLiteral, rawSql, sql } from '../../../../lib/store/filter/sql-fragment.js';
import { uuidFor } from '../../../../lib/store/filter/uuid-value.js';

describe('LIKE patterns', () => {
  it('escape the escape character, % and _', () => {
    expect(escapeLike('a\\b%c_d')).toBe('a\\\\b\\%c\\_d');
    expect(escapeLike('plain')).toBe('plain');
  });

  it('co, sw, ew', () => {
    expect(likePattern('co', '5%')).toBe('%5\\%%');
    expect(likePattern('sw', '_x')).toBe('\\_x%');
    expect(likePattern('ew', 'x')).toBe('%x');
  });
});

describe('dateTime literals', () => {
  it.each([
    '2024-01-01T00:00:00Z',
    '2024-02-29T23:59:59.123456789+14:00',
    '0001-01-01T00:00:00-12:30',
    '9999-12-31T23:59:59Z',
    '2000-02-29T00:00:00Z',
  ])('%s is accepted', (text) => expect(isSqlDateTime(text)).toBe(true));

  it.each([
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-00-10T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '10000-01-01T00:00:00Z',
    '-2024-01-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T23:60:00Z',
    '2024-01-01T23:59:60Z',
    '2024-01-01T00:00:00',
    '2024-01-01T00:00:00+15:00',
    '2024-01-01 00:00:00Z',
    '2024-01-01',
    'yesterday',
  ])('%s is refused', (text) => expect(isSqlDateTime(text)).toBe(false));

  it('stored strings are cast only behind a shape check bound as a value', () => {
    const fragment = safeTimestamptz(rawSql('t'));
    expect(fragment.sql).toMatch(/^\(case when t ~ \? then case when substr\(t, 9, 2\)::int <= .* then \(t\)::timestamptz end end\)$/);
    expect(fragment.bindings).toHaveLength(1);
    expect(new RegExp(String(fragment.bindings[0])).test('2024-02-29T00:00:00Z')).toBe(true);
    expect(new RegExp(String(fragment.bindings[0])).test('2024-02-29 00:00:00')).toBe(false);
  });
});

describe('uuids', () => {
  const id = '2819c223-7f76-453a-919d-413861904646';
  it('case-exact: only the canonical lower-case form', () => {
    expect(uuidFor(id, true)).toBe(id);
    expect(uuidFor(id.toUpperCase(), true)).toBeUndefined();
    expect(uuidFor(`{${id}}`, true)).toBeUndefined();
    expect(uuidFor(id.replaceAll('-', ''), true)).toBeUndefined();
  });

  it('case-insensitive: any case, canonicalised', () => {
    expect(uuidFor(id.toUpperCase(), false)).toBe(id);
    expect(uuidFor('not-a-uuid', false)).toBeUndefined();
  });
});

describe('SQL fragments', () => {
  it('keep bindings in placeholder order', () => {
    const fragment = sql`a = ${bound(1)} and ${joinSql([bound('x'), rawSql('y'), bound(true)], ', ')}`;
    expect(fragment).toEqual({ sql: 'a = ? and ?, y, ?', bindings: [1, 'x', true] });
  });

  it('quote registry names as literals and refuse names that could change the statement', () => {
    expect(nameLiteral('employeeNumber')).toBe("'employeeNumber'");
    expect(nameLiteral("o'k")).toBe("'o''k'");
    expect(() => nameLiteral('a?b')).toThrow(TypeError);
    expect(() => nameLiteral('a\\b')).toThrow(TypeError);
  });
});
