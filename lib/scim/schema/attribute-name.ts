/**
 * Attribute names in "standard attribute notation" (RFC 7644 §3.10): `[URN ":"] attrName ["." subAttr]`, e.g.
 * `name.givenName` or `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`. Used where a
 * name arrives as a plain string (the `attributes` parameter, pathless PATCH keys, dialect rules); filters and
 * PATCH paths have their own parser.
 */
import type { AttributePath } from '../path/ast.js';
import { toAttributePath } from '../path/attribute-path.js';
import { invalidPath } from '../errors.js';

/**
 * Splits a possibly URN-qualified, dotted attribute name into an {@link AttributePath}, by the same rules as filter
 * and PATCH paths ({@link toAttributePath}): the URN is everything up to the last `:` (URNs contain `:` and `.`, as
 * in `2.0`, but attribute names contain neither `:` nor more than one `.`). Returns undefined when the text is not
 * of that form, where the path parser would answer 400.
 *
 * A bare schema URN (`urn:…:enterprise:2.0:User`) parses as attribute `User` of schema `urn:…:2.0`; callers that
 * accept bare URNs check the whole text against the registry first.
 */
export function parseAttributeName(text: string): AttributePath | undefined {
  const word = text.trim();
  // Quotes, brackets, spaces and parentheses belong to filters, never to a name.
  if (word === '' || /[\s"()[\]]/.test(word)) return undefined;
  try {
    return toAttributePath(word, 1, invalidPath);
  } catch {
    return undefined;
  }
}

/** Writes an attribute path back in standard attribute notation (`urn:…:User:name.givenName`). */
export function formatAttributePath(path: AttributePath): string {
  const name = path.subAttribute !== undefined ? `${path.attribute}.${path.subAttribute}` : path.attribute;
  return path.schema !== undefined ? `${path.schema}:${name}` : name;
}
