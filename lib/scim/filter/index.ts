/**
 * Filters (RFC 7644 §3.4.2.2): parse, check against the schema registry, resolve paths for the SQL compiler, and
 * match in memory.
 */
export type { AndNode, CompareNode, CompareOperator, FilterNode, FilterValue, NotNode, OrNode, PresentNode, ValuePathNode } from './ast.js';
export { checkFilter, resolveCompare } from './check.js';
export { compareValue, isDateTime } from './compare-values.js';
export { MAX_FILTER_CLAUSES, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from './limits.js';
export { matchesElement, matchesFilter } from './matcher.js';
export { FilterParser, parseFilter } from './parser.js';
export { formatPath, resolveFilterPath, withImplicitValue } from './resolve.js';
