/**
 * A raw SCIM filter typed by an administrator (RFC 7644 §3.4.2.2), e.g. `emails[type eq "work"].value sw "ada"`,
 * compiled by the same parser and SQL compiler the SCIM API uses, so the admin UI finds exactly what an identity
 * provider's query would. Syntax and schema errors become a 400 naming the position.
 */
import { parseFilter } from '../scim/filter/parser.js';
import { ScimError } from '../scim/errors.js';
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import type { ResourceTypeName } from '../scim/schema/types.js';
import { compileFilter } from '../store/filter/compile-filter.js';
import type { SqlFragment } from '../store/filter/sql-fragment.js';
import { badRequest } from './admin-error.js';

/** The filter compiled for the admin queries (over the table aliased `r`), or a 400 naming what is wrong with it. */
export function compileAdminFilter(registry: SchemaRegistry, type: ResourceTypeName, text: string): SqlFragment {
  try {
    return compileFilter(registry, type, parseFilter(text));
  } catch (error) {
    if (error instanceof ScimError) throw badRequest(`Filter: ${error.message}`, 'filter');
    throw error;
  }
}
