/**
 * How many assertions an external suite has, so a run that ran fewer (a script error that stops a test script half
 * way, a request left out, a suite copy cut short) fails instead of passing on what did run.
 */

/** Assertions of the external suites as `npm run conformance` runs them. */
export const EXPECTED_ASSERTIONS = {
  /** Okta's SPEC test: 12 requests, 53 assertions. */
  okta: 53,
  /**
   * Microsoft's collection without its `Get Token` folder: 103 in its seven test folders plus 4 in the two
   * top-level requests (`Get all users`, `Get all groups`); the collection's 108th is in `Get Token`.
   */
  microsoft: 107,
} as const;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Counts the `pm.test(` calls in the test scripts of a Postman collection (v2.1), folders included. */
export function countCollectionTests(collection: unknown): number {
  const fields = record(collection);
  let count = 0;
  for (const event of Array.isArray(fields.event) ? fields.event : []) {
    const { listen, script } = record(event);
    if (listen !== 'test') continue;
    const exec = record(script).exec;
    const source = Array.isArray(exec) ? exec.join('\n') : typeof exec === 'string' ? exec : '';
    count += source.match(/\bpm\.test\s*\(/g)?.length ?? 0;
  }
  for (const item of Array.isArray(fields.item) ? fields.item : []) count += countCollectionTests(item);
  return count;
}

/**
 * Problems with a run's size: the collection's own count differs from `expected` (the copy changed), or fewer
 * assertions ran than it has. Empty when the run is complete.
 */
export function assertionCountProblems(name: string, collection: unknown, ran: number, expected: number): string[] {
  const problems: string[] = [];
  const inCollection = countCollectionTests(collection);
  if (inCollection !== expected) problems.push(`${name}: the collection has ${inCollection} assertions, expected ${expected}; is the suite copy complete and unchanged?`);
  if (ran < expected) problems.push(`${name}: only ${ran} of its ${expected} assertions ran.`);
  return problems;
}
