/**
 * Parameterised SQL fragments: text with knex `?` placeholders plus the values bound to them. The filter and sort
 * compilers build every piece of SQL from these, so a client-supplied value only ever travels as a binding.
 */

/** A value bound to a `?` placeholder. */
export type SqlBinding = string | number | boolean;

/**
 * SQL text with one `?` per binding, in order (knex raw syntax: usable with `whereRaw`, `orderByRaw`, `knex.raw`).
 * The text never contains a `?` or `??` other than the placeholders.
 */
export interface SqlFragment {
  readonly sql: string;
  readonly bindings: readonly SqlBinding[];
}

/** A fragment of constant SQL text (no bindings). */
export function rawSql(sql: string): SqlFragment {
  return { sql, bindings: [] };
}

/** A single placeholder bound to `value`. */
export function bound(value: SqlBinding): SqlFragment {
  return { sql: '?', bindings: [value] };
}

/** The predicate that is always true. */
export const TRUE_SQL: SqlFragment = rawSql('true');
/** The predicate that is always false (e.g. `id eq "not-a-uuid"`). */
export const FALSE_SQL: SqlFragment = rawSql('false');

/**
 * Tagged template that concatenates SQL text and fragments, keeping placeholders and bindings in order:
 * sql`lower(${operand}) = lower(${bound(value)})`. Interpolations must be fragments, never raw values.
 */
export function sql(strings: TemplateStringsArray, ...parts: readonly SqlFragment[]): SqlFragment {
  let text = strings[0] ?? '';
  const bindings: SqlBinding[] = [];
  parts.forEach((part, index) => {
    text += part.sql + (strings[index + 1] ?? '');
    bindings.push(...part.bindings);
  });
  return { sql: text, bindings };
}

/** Joins fragments with a separator such as `' and '` or `', '`. */
export function joinSql(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return {
    sql: parts.map((part) => part.sql).join(separator),
    bindings: parts.flatMap((part) => part.bindings),
  };
}

/**
 * A SQL string literal for a name taken from the schema registry (a JSON key such as `'employeeNumber'` or a schema
 * URN). Names never come from the client verbatim, but quotes are doubled anyway; a name that could change the
 * statement's shape (backslash, NUL, `?` which knex would read as a placeholder) is a programming error.
 */
export function nameLiteral(name: string): string {
  if (/[\\\0?]/.test(name)) throw new TypeError(`attribute name ${JSON.stringify(name)} cannot be used as a SQL literal`);
  return `'${name.replaceAll("'", "''")}'`;
}
