/**
 * Validation problems: collected while a document is checked, the first one thrown as a {@link ScimError}.
 */
import { ScimError } from '../errors.js';

/** One thing wrong with a request document, located by its attribute path (`emails[1].value`). */
export interface ValidationProblem {
  /** Where, in attribute notation: `userName`, `emails[0].type`, `urn:…:enterprise:2.0:User:manager.value`. */
  readonly path: string;
  /** What is wrong, as a sentence fragment that follows the path. */
  readonly message: string;
  /** RFC 7644 §3.12: `invalidSyntax` for structure, `invalidValue` for values, unknown or missing attributes. */
  readonly scimType: 'invalidSyntax' | 'invalidValue';
}

/** The 400 error for a problem, its detail naming the attribute path. */
export function problemToError(problem: ValidationProblem): ScimError {
  const detail = problem.path === '' ? `Request body ${problem.message}` : `Attribute '${problem.path}' ${problem.message}`;
  return new ScimError(400, detail, problem.scimType);
}

/**
 * Appends a sub-attribute or element index to a path: `emails` + 0 → `emails[0]`, `name` + `givenName` →
 * `name.givenName`. The root of an extension is its URN followed by `:`, so `urn:…:User:` + `manager` →
 * `urn:…:User:manager` (RFC 7644 §3.10 notation).
 */
export function childPath(parent: string, child: string | number): string {
  if (typeof child === 'number') return `${parent}[${child}]`;
  if (parent === '' || parent.endsWith(':')) return `${parent}${child}`;
  return `${parent}.${child}`;
}
