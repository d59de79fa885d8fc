/**
 * A raw SCIM filter typed by an administrator (RFC 7644 §3.4.2.2), e.g. `emails[type eq "work"].value sw "ada"`,
 * compiled by the same parser and SQL compiler the SCIM API uses, so the admin UI finds exactly what an identity
 * provider's query would. Syntax and schema errors become a 400 naming the position.
 */
import type { Knex } from 'knex';
import { parseFilter } from '../scim/filter/parser.js';
import { ScimError } from '../scim/errors.js';
import { createSchemaRegistry } from '../scim/schema/registry.js';
import type { ResourceTypeName } from '../scim/schema/types.js';
import { compileFilter } from '../store/filter/compile-filter.js';
import { badRequest } from './admin-error.js';

/** A where refinement for the table aliased `r`, or a 400 naming what is wrong with the filter. */
export function compileAdminFilter(type: ResourceTypeName, text: string): (builder: Knex.QueryBuilder) => void {
  try {
    const { sql, bindings } = compileFilter(createSchemaRegistry(), type, parseFilter(text));
    return (builder) => {
      builder.whereRaw(sql, [...bindings]);
    };
  } catch (error) {
    if (error instanceof ScimError) throw badRequest(`Filter: ${error.message}`, 'filter');
    throw error;
  }
}
