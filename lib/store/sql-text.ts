/**
 * Statement texts built once per shape. A statement's text is the key of the prepared-statement cache
 * (prepared-statement.ts); a text assembled afresh per request is a new 1–2 KB string that the cache must hash and
 * compare in full, about 10 µs a request, where the same string object is found at once.
 */

const texts = new Map<string, string>();

/**
 * The text of the shape `key` (the caller's constant, never client input, so the set of keys is bounded by the
 * code), built by `build` the first time.
 */
export function sqlText(key: string, build: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = build();
    texts.set(key, text);
  }
  return text;
}
