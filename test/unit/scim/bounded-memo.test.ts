import { describe, it, expect } from 'vitest';
import { BoundedMemo } from '../../../lib/scim/bounded-memo.js';

describe('BoundedMemo', () => {
  it('computes an answer once per key, undefined answers included', () => {
    const memo = new BoundedMemo<string | undefined>(10);
    let calls = 0;
    const compute = (answer: string | undefined) => () => {
      calls++;
      return answer;
    };
    expect(memo.get('a', compute('A'))).toBe('A');
    expect(memo.get('a', compute('other'))).toBe('A');
    expect(memo.get('none', compute(undefined))).toBeUndefined();
    expect(memo.get('none', compute('late'))).toBeUndefined();
    expect(calls).toBe(2);
  });

  it('starts over when full instead of growing', () => {
    const memo = new BoundedMemo<number>(2);
    let calls = 0;
    const next = () => ++calls;
    memo.get('a', next);
    memo.get('b', next);
    memo.get('c', next); // full: cleared, then c kept
    expect(memo.get('c', next)).toBe(3);
    expect(memo.get('a', next)).toBe(4);
    expect(calls).toBe(4);
  });
});
