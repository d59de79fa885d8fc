/**
 * Partial matching of a response body against a fixture's expectation:
 * - objects: every expected key must match (keys compare case-sensitively, as the responses are ours);
 *   `{"$absent": true}` as a value means the key must not be there;
 * - arrays: same length, and each expected element matches a different actual element, in any order;
 *   `{"$contains": [...]}` instead means each listed element matches some actual element, others allowed;
 * - `{"$any": true}` matches anything present; scalars compare with `===`.
 * Returns the mismatches, each naming where (`Resources[0].name.givenName`).
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** The mismatches between `actual` and `expected` below `where`; empty when they match. */
export function mismatches(actual: unknown, expected: unknown, where = 'body'): string[] {
  if (isObject(expected)) {
    if (expected.$any === true) return actual === undefined ? [`${where}: expected a value, got nothing`] : [];
    if (Array.isArray(expected.$contains)) {
      if (!Array.isArray(actual)) return [`${where}: expected an array, got ${describe(actual)}`];
      return expected.$contains.flatMap((item, index) =>
        actual.some((candidate) => mismatches(candidate, item).length === 0) ? [] : [`${where}: no element matches $contains[${index}] ${describe(item)}`],
      );
    }
    if (!isObject(actual)) return [`${where}: expected an object, got ${describe(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) => {
      if (isObject(value) && value.$absent === true) return key in actual ? [`${where}.${key}: expected no value, got ${describe(actual[key])}`] : [];
      return mismatches(actual[key], value, `${where}.${key}`);
    });
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${where}: expected an array, got ${describe(actual)}`];
    if (actual.length !== expected.length) return [`${where}: expected ${expected.length} elements, got ${actual.length}: ${describe(actual)}`];
    const unused = new Set(actual.keys());
    const problems: string[] = [];
    expected.forEach((item, index) => {
      const found = [...unused].find((candidate) => mismatches(actual[candidate], item).length === 0);
      if (found === undefined) problems.push(`${where}[${index}]: no element matches ${describe(item)} in ${describe(actual)}`);
      else unused.delete(found);
    });
    return problems;
  }
  return actual === expected ? [] : [`${where}: expected ${describe(expected)}, got ${describe(actual)}`];
}
