/**
 * Text PostgreSQL cannot store: the NUL character (refused in `text` and `jsonb`) and lone UTF-16 surrogates (a
 * JSON `"\ud800"` escape is valid JSON but no Unicode text, and `jsonb` refuses it). Found before any SQL runs, so
 * the client gets a 400 naming the attribute instead of a database error.
 */
import { childPath, type ValidationProblem } from './validation-problems.js';

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What {@link unstorableTextProblems} says about a value. */
export const UNSTORABLE_TEXT_MESSAGE = 'contains a character that cannot be stored (a NUL character or a lone UTF-16 surrogate)';

/** True when `text` holds a NUL character or a lone surrogate. */
export function hasUnstorableText(text: string): boolean {
  // Most text has neither a NUL nor any surrogate: a scan of char codes answers that without the regex.
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) return UNSTORABLE.test(text);
  }
  return false;
}

/** True when some string (value or key) in `value` holds unstorable text; builds no paths, for the common case. */
function holdsUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return hasUnstorableText(value);
  if (Array.isArray(value)) return value.some(holdsUnstorable);
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) {
    if (hasUnstorableText(key) || holdsUnstorable((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/**
 * Appends an invalidValue problem for the first string (value or key) in `value` that PostgreSQL cannot store,
 * located in attribute notation from `path` (`emails[1].value`); the top level of a document keys extensions by
 * URN, so their attributes read `urn:…:User:manager`.
 */
export function unstorableTextProblems(value: unknown, path: string, problems: ValidationProblem[]): void {
  if (!holdsUnstorable(value)) return;
  const found = firstUnstorable(value, path);
  if (found !== undefined) problems.push({ path: found, message: UNSTORABLE_TEXT_MESSAGE, scimType: 'invalidValue' });
}

function firstUnstorable(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return hasUnstorableText(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = firstUnstorable(item, childPath(path, index));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path === '' && key.includes(':') ? `${key}:` : childPath(path, key);
    if (hasUnstorableText(key)) return at;
    const found = firstUnstorable(item, at);
    if (found !== undefined) return found.endsWith(':') ? found.slice(0, -1) : found;
  }
  return undefined;
}
