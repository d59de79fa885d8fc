/**
 * LIKE patterns for the substring operators `co`, `sw`, `ew` (RFC 7644 §3.4.2.2 table 3). The filter value is
 * bound as the pattern, with LIKE's own metacharacters escaped so `%` and `_` in a value match only themselves.
 */

/** The escape character the compiled `like … escape '\'` clauses declare. */
export const LIKE_ESCAPE = '\\';

/** Escapes `\`, `%` and `_` so the text matches literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `${LIKE_ESCAPE}${ch}`);
}

/** The LIKE pattern for `op` and value: contains, starts with, ends with. */
export function likePattern(op: 'co' | 'sw' | 'ew', value: string): string {
  const escaped = escapeLike(value);
  switch (op) {
    case 'co':
      return `%${escaped}%`;
    case 'sw':
      return `${escaped}%`;
    case 'ew':
      return `%${escaped}`;
  }
}
