/**
 * A `LIKE` pattern for "starts with", with the pattern characters of the search text escaped.
 */

/** `abc` → `abc%`, `a_b%` → `a\_b\%%` (lower-cased: the searched keys are lower-case). */
export function likePrefix(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
