/**
 * One comparison `operand op value` as a SQL predicate (RFC 7644 §3.4.2.2 table 3), by the operand's type:
 * strings honour caseExact (lower-cased on both sides otherwise) and order by code point (`collate "C"`),
 * dateTimes compare as timestamptz, numbers as numeric, booleans only by equality.
 *
 * Absent values: every predicate is two-valued from the caller's view — `ne` is `(eq) is not true`, so
 * `title ne "x"` is true for a user without a title, and `eq null` / `ne null` mean absent / present (`pr`).
 */
import type { CompareOperator, FilterValue } from '../../scim/filter/ast.js';
import { invalidFilter } from '../../scim/errors.js';
import { isSqlDateTime } from './date-time-value.js';
import { likePattern } from './like-pattern.js';
import type { Operand } from './operand.js';
import { bound, FALSE_SQL, rawSql, sql, type SqlFragment } from './sql-fragment.js';
import { uuidFor } from './uuid-value.js';

/** Where a comparison sits, for error details: `Filter error at position 7` and the attribute as written. */
export interface CompareSite {
  readonly position: number;
  readonly name: string;
}

const ORDERING: Readonly<Record<string, string>> = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' };

/** `not` and `ne` in two-valued logic: an unknown (absent) comparison counts as false before negation. */
export function negate(predicate: SqlFragment): SqlFragment {
  return sql`(${predicate}) is not true`;
}

function fail(site: CompareSite, message: string): never {
  throw invalidFilter(`Filter error at position ${site.position}: ${message}`);
}

function wrongValue(site: CompareSite, value: FilterValue, what: string): never {
  return fail(site, `${JSON.stringify(value)} is not a valid ${what} value for '${site.name}'`);
}

/**
 * Builds the predicate for `operand op value`. Throws 400 invalidFilter naming the position when the operator or
 * the value's JSON type does not fit the attribute (e.g. `active eq "x"`, `meta.created gt 5`, `active gt true`).
 */
export function compareOperand(operand: Operand, op: CompareOperator, value: FilterValue, site: CompareSite): SqlFragment {
  if (value === null) {
    // RFC 7644 leaves `null` undefined in filters; read as absent / present, like an empty value (RFC 7643 §2.5).
    if (op === 'eq') return negate(operand.present);
    if (op === 'ne') return operand.present;
    return fail(site, `'${op}' cannot compare with null`);
  }
  if (op === 'ne') return negate(compareOperand(operand, 'eq', value, site));
  switch (operand.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') return wrongValue(site, value, 'boolean');
      if (op !== 'eq') return fail(site, `'${op}' is not supported on the boolean attribute '${site.name}'`);
      return sql`${operand.value} = ${bound(value)}`;
    case 'numeric':
      if (typeof value !== 'number') return wrongValue(site, value, 'number');
      if (operand.integer && !Number.isInteger(value)) return wrongValue(site, value, 'integer');
      return sql`${operand.value} ${rawSql(orderingOperator(op, site, 'number'))} cast(${bound(value)} as numeric)`;
    case 'timestamptz':
      if (typeof value !== 'string' || !isSqlDateTime(value)) return wrongValue(site, value, 'dateTime');
      return sql`${operand.value} ${rawSql(orderingOperator(op, site, 'dateTime'))} cast(${bound(value)} as timestamptz)`;
    case 'uuid':
      if (typeof value !== 'string') return wrongValue(site, value, 'string');
      return compareUuid(operand, op, value, site);
    case 'text':
      if (typeof value !== 'string') return wrongValue(site, value, 'string');
      return compareText(operand, op, value, site);
  }
}

function orderingOperator(op: CompareOperator, site: CompareSite, what: string): string {
  const operator = ORDERING[op];
  return operator ?? fail(site, `'${op}' is not supported on the ${what} attribute '${site.name}'`);
}

function compareText(operand: Operand, op: CompareOperator, value: string, site: CompareSite): SqlFragment {
  // PostgreSQL text cannot hold NUL, so such a value could not be bound; it matches no stored string anyway.
  if (value.includes('\0')) return fail(site, `the value for '${site.name}' contains a NUL character`);
  const ignoreCase = !operand.caseExact;
  const left = ignoreCase && !operand.lowered ? sql`lower(${operand.value})` : operand.value;
  // The `…_key` columns are lower-cased by the store in JavaScript, so the value is too: PostgreSQL's lower()
  // depends on the database locale and could disagree outside ASCII. Other columns are lowered in SQL on both sides.
  const right = (text: string): SqlFragment =>
    !ignoreCase
      ? sql`cast(${bound(text)} as text)`
      : operand.lowered
        ? sql`cast(${bound(text.toLowerCase())} as text)`
        : sql`lower(cast(${bound(text)} as text))`;
  if (op === 'co' || op === 'sw' || op === 'ew') {
    return sql`${left} like ${right(likePattern(op, value))} escape '\\'`;
  }
  if (op === 'eq') return sql`${left} = ${right(value)}`;
  // RFC 7644 §3.4.2.2: gt/ge/lt/le on strings are lexicographic; "C" makes that code-point order, locale-free.
  return sql`${left} collate "C" ${rawSql(orderingOperator(op, site, 'string'))} ${right(value)}`;
}

function compareUuid(operand: Operand, op: CompareOperator, value: string, site: CompareSite): SqlFragment {
  if (op === 'eq') {
    const uuid = uuidFor(value, operand.caseExact);
    // Not a uuid: equal to no row. Decided here; a failing cast in SQL would be an error, not an empty result.
    return uuid === undefined ? FALSE_SQL : sql`${operand.value} = cast(${bound(uuid)} as uuid)`;
  }
  // Substring and ordering read the canonical text form, which is lower-case already.
  const text: Operand = { ...operand, kind: 'text', value: sql`${operand.value}::text`, lowered: true };
  return compareText(text, op, value, site);
}
