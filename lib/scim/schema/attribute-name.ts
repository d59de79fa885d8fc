/**
 * Attribute names in "standard attribute notation" (RFC 7644 §3.10): `[URN ":"] attrName ["." subAttr]`, e.g.
 * `name.givenName` or `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`. Used where a
 * name arrives as a plain string (the `attributes` parameter, pathless PATCH keys, dialect rules); filters and
 * PATCH paths have their own parser.
 */
import type { AttributePath } from '../path/ast.js';

/**
 * ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA (RFC 7643 §2.1); `$ref` is the one name
 * with a `$` the RFC defines.
 */
const NAME = '(?:[A-Za-z][A-Za-z0-9_-]*|\\$ref)';
const ATTRIBUTE_NAME = new RegExp(`^(${NAME})(?:\\.(${NAME}))?$`);

/**
 * Splits a possibly URN-qualified, dotted attribute name into an {@link AttributePath}. When the text starts with
 * `urn:` (any case), the URN is everything up to the last `:` (URNs contain `:` and `.`, as in `2.0`, but attribute
 * names contain neither `:` nor more than one `.`). Returns undefined when the text is not of that form.
 *
 * A bare schema URN (`urn:…:enterprise:2.0:User`) parses as attribute `User` of schema `urn:…:2.0`; callers that
 * accept bare URNs check the whole text against the registry first.
 */
export function parseAttributeName(text: string): AttributePath | undefined {
  const trimmed = text.trim();
  let schema: string | undefined;
  let rest = trimmed;
  if (/^urn:/i.test(trimmed)) {
    const colon = trimmed.lastIndexOf(':');
    schema = trimmed.slice(0, colon);
    rest = trimmed.slice(colon + 1);
    // "urn:" alone, or a URN with nothing between its colons, names no schema.
    if (!/^urn:[^:]+(?::[^:]+)*$/i.test(schema)) return undefined;
  }
  const match = ATTRIBUTE_NAME.exec(rest);
  if (!match) return undefined;
  const [, attribute, subAttribute] = match;
  if (attribute === undefined) return undefined;
  return {
    kind: 'attributePath',
    ...(schema !== undefined ? { schema } : {}),
    attribute,
    ...(subAttribute !== undefined ? { subAttribute } : {}),
  };
}

/** Writes an attribute path back in standard attribute notation (`urn:…:User:name.givenName`). */
export function formatAttributePath(path: AttributePath): string {
  const name = path.subAttribute !== undefined ? `${path.attribute}.${path.subAttribute}` : path.attribute;
  return path.schema !== undefined ? `${path.schema}:${name}` : name;
}
