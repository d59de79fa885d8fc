/**
 * A `LIKE` pattern for "starts with" over the admin search's lower-case keys, with the pattern characters of the
 * search text escaped.
 */
import { escapeLike } from './filter/like-pattern.js';

/** `abc` → `abc%`, `a_b%` → `a\_b\%%` (lower-cased: the searched keys are lower-case). */
export function likePrefix(text: string): string {
  return `${escapeLike(text.toLowerCase())}%`;
}
