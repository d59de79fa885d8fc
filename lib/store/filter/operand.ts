/**
 * Operands: how one scalar attribute value is read in SQL — an indexed column, a constant, or a typed value out of
 * the `doc` jsonb — with the characteristics a comparison needs (RFC 7643 §2.2 type and caseExact).
 */
import type { AttributeDefinition } from '../../scim/schema/types.js';
import { safeTimestamptz } from './date-time-value.js';
import { bound, rawSql, sql, type SqlFragment } from './sql-fragment.js';

/** The SQL type an operand's expression has. */
export type OperandKind = 'text' | 'numeric' | 'boolean' | 'timestamptz' | 'uuid';

/** One readable scalar value of the row (or of the element, inside a multi-valued attribute). */
export interface Operand {
  /** The value as an expression of type {@link kind}; NULL when the value is absent or stored with the wrong JSON type. */
  readonly value: SqlFragment;
  readonly kind: OperandKind;
  /** RFC 7643 §2.2 caseExact of the attribute; false strings compare lower-cased. */
  readonly caseExact: boolean;
  /**
   * True when {@link value} is lower-cased already (the `…_key` columns, lower-cased by the store with JavaScript's
   * `toLowerCase`), so the filter value is lower-cased the same way and the column is compared as it is.
   */
  readonly lowered?: boolean;
  /** RFC 7644 §3.4.2.2 `pr` for this value. */
  readonly present: SqlFragment;
  /** True for an RFC 7643 §2.3.4 integer attribute: a fractional filter value does not fit it. */
  readonly integer?: boolean;
}

/** The operand kind an attribute type compares as. */
export function kindOf(attribute: AttributeDefinition): OperandKind {
  switch (attribute.type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'decimal':
      return 'numeric';
    case 'dateTime':
      return 'timestamptz';
    default:
      // string, reference, binary (complex never reaches an operand)
      return 'text';
  }
}

/** Default presence of a typed expression: not null, and for text not the empty string. */
function presentOf(value: SqlFragment, kind: OperandKind): SqlFragment {
  return kind === 'text' ? sql`(${value} is not null and ${value} <> '')` : sql`(${value} is not null)`;
}

/** An operand over a column (or any typed SQL expression of the row). */
export function columnOperand(
  column: string,
  kind: OperandKind,
  caseExact: boolean,
  options: { lowered?: boolean } = {},
): Operand {
  const value = rawSql(column);
  return { value, kind, caseExact, ...(options.lowered ? { lowered: true } : {}), present: presentOf(value, kind) };
}

/** An operand whose value is a constant of the row type (e.g. `meta.resourceType`). */
export function constantOperand(text: string, caseExact: boolean): Operand {
  const value = sql`cast(${bound(text)} as text)`;
  return { value, kind: 'text', caseExact, present: presentOf(value, 'text') };
}

/**
 * A jsonb value is "present" (RFC 7644 §3.4.2.2 `pr`: "a non-empty value"): not missing, not JSON null, not "",
 * [] or {}. For a complex attribute, an object with at least one such member.
 */
export function jsonPresent(json: SqlFragment, attribute: AttributeDefinition): SqlFragment {
  const nonEmpty = (j: SqlFragment): SqlFragment =>
    sql`(${j} is not null and ${j} not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb))`;
  if (attribute.type !== 'complex') return nonEmpty(json);
  return sql`exists (select 1 from jsonb_each(case when jsonb_typeof(${json}) = 'object' then ${json} else '{}'::jsonb end) as kv(key, value) where ${nonEmpty(rawSql('kv.value'))})`;
}

/**
 * An operand over a jsonb value (`r.doc->'title'`, `e.value->'type'`). The value is read only when its JSON type
 * fits the attribute type, so a stored document of the wrong shape does not match and never makes SQL fail.
 */
export function jsonOperand(json: SqlFragment, attribute: AttributeDefinition): Operand {
  const kind = kindOf(attribute);
  const typed = (jsonType: string, cast: SqlFragment): SqlFragment =>
    sql`(case when jsonb_typeof(${json}) = '${rawSql(jsonType)}' then ${cast} end)`;
  const text = typed('string', sql`${json} #>> '{}'`);
  const value =
    kind === 'boolean'
      ? typed('boolean', sql`(${json})::boolean`)
      : kind === 'numeric'
        ? typed('number', sql`(${json})::numeric`)
        : kind === 'timestamptz'
          ? safeTimestamptz(text)
          : text;
  return {
    value,
    kind,
    caseExact: attribute.caseExact,
    present: jsonPresent(json, attribute),
    ...(attribute.type === 'integer' ? { integer: true } : {}),
  };
}
