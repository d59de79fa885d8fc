import { describe, expect, it } from 'vitest';
import { assertionCountProblems, countCollectionTests } from './suite-size.js';

const test = (...lines: string[]) => ({ listen: 'test', script: { exec: lines } });
const collection = {
  item: [
    { name: 'Folder', item: [{ name: 'A', event: [test('pm.test("one", () => {});', 'pm.test ("two", () => {});')] }] },
    { name: 'B', event: [{ listen: 'prerequest', script: { exec: ['pm.test("not a test script", () => {});'] } }, test('pm.test("three", () => {});')] },
  ],
};

describe('suite size', () => {
  it('counts the pm.test calls of test scripts, in folders too', () => {
    expect(countCollectionTests(collection)).toBe(3);
  });

  it('fails a run with fewer assertions than the suite has, or a suite of another size', () => {
    expect(assertionCountProblems('S', collection, 3, 3)).toEqual([]);
    expect(assertionCountProblems('S', collection, 2, 3)).toEqual(['S: only 2 of its 3 assertions ran.']);
    expect(assertionCountProblems('S', collection, 3, 4)).toEqual([
      'S: the collection has 3 assertions, expected 4; is the suite copy complete and unchanged?',
      'S: only 3 of its 4 assertions ran.',
    ]);
  });
});
