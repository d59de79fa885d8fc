import { describe, expect, it } from 'vitest';
import { mismatches } from './match.js';
import { substitute, valueAt } from './substitute.js';

describe('replay matching', () => {
  it('matches objects partially and arrays by length, in any order', () => {
    expect(mismatches({ a: 1, b: [{ x: 1 }, { x: 2 }], c: 'extra' }, { a: 1, b: [{ x: 2 }, { x: 1 }] })).toEqual([]);
    expect(mismatches({ b: [{ x: 1 }] }, { b: [{ x: 1 }, { x: 1 }] })).toEqual(['body.b: expected 2 elements, got 1: [{"x":1}]']);
    expect(mismatches({ a: { b: 2 } }, { a: { b: 3 } })).toEqual(['body.a.b: expected 3, got 2']);
  });

  it('knows $absent, $any and $contains', () => {
    expect(mismatches({ a: 1 }, { a: { $any: true }, b: { $absent: true } })).toEqual([]);
    expect(mismatches({ b: null }, { b: { $absent: true } })).toEqual(['body.b: expected no value, got null']);
    expect(mismatches({}, { a: { $any: true } })).toEqual(['body.a: expected a value, got nothing']);
    expect(mismatches([1, 2, 3], { $contains: [3] })).toEqual([]);
    expect(mismatches([1, 2], { $contains: [4] })).toHaveLength(1);
  });

  it('substitutes saved values and reads dotted paths', () => {
    const variables = new Map([['id', 'u1']]);
    expect(substitute({ path: '/Users/${id}', list: ['${id}'] }, variables)).toEqual({ path: '/Users/u1', list: ['u1'] });
    expect(() => substitute('${nope}', variables)).toThrow(/nope/);
    expect(valueAt({ Resources: [{ id: 'x' }] }, 'Resources.0.id')).toBe('x');
    expect(valueAt({}, 'a.b')).toBeUndefined();
  });
});
