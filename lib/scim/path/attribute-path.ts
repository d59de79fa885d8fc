/**
 * Attribute paths: `attrPath = [URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.4.2.2 ABNF), used by filters, PATCH
 * paths and the `sortBy` / `attributes` query parameters (RFC 7644 §3.4.2.3, §3.9).
 */
import { invalidPath } from '../errors.js';
import { MAX_FILTER_LENGTH } from '../filter/limits.js';
import { quoteFragment, tokenize, type SyntaxErrorFactory } from '../filter/lexer.js';
import type { AttributePath } from './ast.js';

// ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA (RFC 7643 §2.1); `$ref` is the one name with
// a `$` the RFC defines.
const ATTRIBUTE_NAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/;

/**
 * Splits one lexed word into an {@link AttributePath}. The schema URN is everything before the last `:`, since
 * URNs contain dots (`…:2.0:User`) but attribute names never contain colons. `position` is where the word starts.
 */
export function toAttributePath(word: string, position: number, fail: SyntaxErrorFactory): AttributePath {
  const colon = word.lastIndexOf(':');
  const schema = colon >= 0 ? word.slice(0, colon) : undefined;
  const rest = colon >= 0 ? word.slice(colon + 1) : word;
  // A schema is a URI with at least one non-empty part after its scheme (`urn:…`); `urn:` alone names nothing.
  if (schema !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:[^:]+(?::[^:]+)*$/.test(schema)) {
    throw fail(`at position ${position}: ${quoteFragment(schema)} is not a schema URI`);
  }
  const parts = rest.split('.');
  if (parts.length > 2) {
    throw fail(`at position ${position}: attribute path ${quoteFragment(word)} has more than one sub-attribute`);
  }
  const [attribute = '', subAttribute] = parts;
  for (const name of parts) {
    if (!ATTRIBUTE_NAME.test(name)) {
      throw fail(`at position ${position}: attribute path ${quoteFragment(word)} has an invalid attribute name ${quoteFragment(name)}`);
    }
  }
  return {
    kind: 'attributePath',
    ...(schema !== undefined ? { schema } : {}),
    attribute,
    ...(subAttribute !== undefined ? { subAttribute } : {}),
  };
}

/**
 * Parses a bare attribute path such as a `sortBy` value (`name.familyName`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`).
 * Throws 400 invalidPath naming the position when the text is not exactly one attribute path; callers that need a
 * different scimType (e.g. `sortBy` → invalidFilter/badRequest) catch and rethrow.
 */
export function parseAttributePath(text: string): AttributePath {
  const fail: SyntaxErrorFactory = (detail) => invalidPath(`Invalid attribute path ${quoteFragment(text)} ${detail}`);
  if (text.length > MAX_FILTER_LENGTH) throw fail(`at position 1: longer than ${MAX_FILTER_LENGTH} characters`);
  const tokens = tokenize(text, fail);
  const [first, second] = tokens;
  if (!first || first.kind !== 'word') {
    throw fail(`at position ${first?.position ?? 1}: expected an attribute name`);
  }
  if (second && second.kind !== 'end') {
    throw fail(`at position ${second.position}: expected end of attribute path, found ${quoteFragment(second.text)}`);
  }
  return toAttributePath(first.text, first.position, fail);
}
