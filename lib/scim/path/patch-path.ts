/**
 * PATCH paths: `PATH = attrPath / valuePath [subAttr]` (RFC 7644 §3.5.2), e.g. `members`, `name.givenName`,
 * `emails[type eq "work"].value`, `members[value eq "2819c223"]`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`.
 */
import { invalidPath } from '../errors.js';
import { quoteFragment, tokenize, type SyntaxErrorFactory } from '../filter/lexer.js';
import { MAX_FILTER_LENGTH } from '../filter/limits.js';
import { FilterParser } from '../filter/parser.js';
import type { FilterNode } from '../filter/ast.js';
import type { AttributePath } from './ast.js';
import { toAttributePath } from './attribute-path.js';

/**
 * A PATCH `path` (RFC 7644 §3.5.2): `attrPath` or `valuePath [subAttr]`, e.g. `members`,
 * `name.givenName`, `emails[type eq "work"].value`, `members[value eq "2819c223"]`.
 */
export interface PatchPath {
  readonly kind: 'patchPath';
  /** The attribute (with an optional sub-attribute when there is no value filter). */
  readonly path: AttributePath;
  /** The value filter in brackets, evaluated against each element of a multi-valued attribute. */
  readonly valueFilter?: FilterNode;
  /** The sub-attribute after the brackets (`.value` in `emails[type eq "work"].value`). */
  readonly subAttribute?: string;
}

/**
 * Parses a PATCH `path`. Throws 400 invalidPath (RFC 7644 §3.12: "The 'path' attribute was invalid or malformed")
 * naming the path, the 1-based position and what was expected; errors inside the value filter are invalidPath too,
 * since it is the path that is malformed. Positions count from the start of the path text.
 */
export function parsePatchPath(text: string): PatchPath {
  const fail: SyntaxErrorFactory = (detail) => invalidPath(`Invalid path ${quoteFragment(text)} ${detail}`);
  if (text.length > MAX_FILTER_LENGTH) throw fail(`at position 1: longer than ${MAX_FILTER_LENGTH} characters`);
  const parser = new FilterParser(tokenize(text, fail), fail);
  const start = parser.expect('word', 'an attribute path');
  const path = toAttributePath(start.text, start.position, fail);
  if (parser.peek().kind !== 'lbracket') {
    parser.expect('end', "'[' or end of path");
    return { kind: 'patchPath', path };
  }
  const open = parser.next();
  if (path.subAttribute !== undefined) {
    throw fail(`at position ${open.position}: a value filter must follow an attribute, not the sub-attribute ${quoteFragment(start.text)}`);
  }
  if (parser.peek().kind === 'rbracket') throw fail(`at position ${parser.peek().position}: empty value filter`);
  const valueFilter = parser.parseValueFilter();
  parser.expect('rbracket', `']' to close the '[' at position ${open.position}`);
  const after = parser.peek();
  let subAttribute: string | undefined;
  if (after.kind === 'dotName') {
    subAttribute = parser.next().text;
    // Reuse the attribute-name rule so `].$ref` passes; a URN or a second dot after ']' names no sub-attribute.
    const named = subAttribute.includes(':') ? undefined : toAttributePath(subAttribute, after.position + 1, fail);
    if (!named || named.subAttribute !== undefined) {
      throw fail(`at position ${after.position}: ${quoteFragment(`.${subAttribute}`)} is not a single sub-attribute name`);
    }
  }
  parser.expect('end', subAttribute === undefined ? "'.subAttribute' or end of path" : 'end of path');
  return { kind: 'patchPath', path, valueFilter, ...(subAttribute !== undefined ? { subAttribute } : {}) };
}
