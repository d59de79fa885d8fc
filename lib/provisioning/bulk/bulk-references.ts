/**
 * `bulkId` references (RFC 7644 §3.7.2): an operation names a resource created by another operation of the same
 * request as `bulkId:<bulkId>` — in its path (`/Groups/bulkId:ytrewq`) or anywhere in its data (a member's
 * `value`, an enterprise user's `manager.value`). They are found before the operation runs, so the operation they
 * name can run first, and replaced by the created resource's id when it does.
 */

/** `bulkId:` and a bulkId without white space: text such as "bulkId: see below" in a description is no reference. */
const REFERENCE = /^bulkId:(\S+)$/;

/** The bulkId a string refers to, or undefined. */
export function bulkIdOf(value: unknown): string | undefined {
  return typeof value === 'string' ? REFERENCE.exec(value)?.[1] : undefined;
}

/** Every bulkId `value` refers to, in first-seen order, without duplicates. */
export function referencedBulkIds(...values: readonly unknown[]): string[] {
  const found = new Set<string>();
  const stack: unknown[] = [...values].reverse();
  while (stack.length > 0) {
    const value = stack.pop();
    const bulkId = bulkIdOf(value);
    if (bulkId !== undefined) found.add(bulkId);
    else if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    else if (typeof value === 'object' && value !== null) stack.push(...Object.values(value).reverse());
  }
  return [...found];
}

/** `value` with every `bulkId:<x>` string replaced by `ids.get(x)`; unresolved ones stay as they are. */
export function substituteBulkIds(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  const bulkId = bulkIdOf(value);
  if (bulkId !== undefined) return ids.get(bulkId) ?? value;
  if (Array.isArray(value)) return value.map((item) => substituteBulkIds(item, ids));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteBulkIds(item, ids)]));
  }
  return value;
}
