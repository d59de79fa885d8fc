/**
 * Comparison of one attribute value with a filter literal (RFC 7644 §3.4.2.2 table 3), by attribute type:
 * strings honour `caseExact` (RFC 7643 §2.2), dateTimes compare chronologically, numbers numerically.
 */
import type { AttributeDefinition } from '../schema/types.js';
import type { CompareOperator } from './ast.js';

// xsd:dateTime with a mandatory zone (RFC 7643 §2.3.5): without one the instant would depend on the server's zone.
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** True when `text` is an xsd:dateTime with a time zone that JavaScript can place on the time line. */
export function isDateTime(text: string): boolean {
  return DATE_TIME.test(text) && Number.isFinite(Date.parse(text));
}

function order(op: CompareOperator, difference: number): boolean {
  switch (op) {
    case 'eq':
      return difference === 0;
    case 'ne':
      return difference !== 0;
    case 'gt':
      return difference > 0;
    case 'ge':
      return difference >= 0;
    case 'lt':
      return difference < 0;
    case 'le':
      return difference <= 0;
    default:
      return false;
  }
}

function compareStrings(op: CompareOperator, actual: string, expected: string): boolean {
  switch (op) {
    case 'co':
      return actual.includes(expected);
    case 'sw':
      return actual.startsWith(expected);
    case 'ew':
      return actual.endsWith(expected);
    default:
      // Lexicographical by UTF-16 code unit, as RFC 7644 §3.4.2.2 asks for "gt" on strings.
      return order(op, actual === expected ? 0 : actual > expected ? 1 : -1);
  }
}

/**
 * Compares one stored value `actual` of attribute `target` with the filter literal `expected`. Values of the
 * wrong JSON type never match (a stored document is not trusted to be well-typed); `null` literals are the
 * matcher's business (presence), not this function's.
 */
export function compareValue(
  target: AttributeDefinition,
  op: CompareOperator,
  actual: unknown,
  expected: string | number | boolean,
): boolean {
  switch (target.type) {
    case 'boolean':
      return typeof actual === 'boolean' && typeof expected === 'boolean' && (op === 'eq' || op === 'ne') && order(op, actual === expected ? 0 : 1);
    case 'integer':
    case 'decimal':
      return typeof actual === 'number' && typeof expected === 'number' && order(op, actual - expected);
    case 'dateTime': {
      if (typeof actual !== 'string' || typeof expected !== 'string') return false;
      const a = Date.parse(actual);
      const b = Date.parse(expected);
      return Number.isFinite(a) && Number.isFinite(b) && order(op, a - b);
    }
    default: {
      if (typeof actual !== 'string' || typeof expected !== 'string') return false;
      return target.caseExact
        ? compareStrings(op, actual, expected)
        : compareStrings(op, actual.toLowerCase(), expected.toLowerCase());
    }
  }
}
