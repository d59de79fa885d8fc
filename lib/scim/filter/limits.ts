/**
 * Limits that keep hostile filters and paths cheap to reject (RFC 7644 §7.x security considerations leave the
 * bounds to the service provider). Constants only: nothing here is mutable.
 */

/** Longest filter (or PATCH path) text accepted, in characters. Longer input is rejected before lexing. */
export const MAX_FILTER_LENGTH = 10_000;

/**
 * Deepest nesting of `(`, `not (` and `[` accepted. The parser is recursive-descent, so this bound is what keeps
 * `((((…))))` from exhausting the stack; it also bounds the recursion of every AST visitor downstream.
 */
export const MAX_FILTER_DEPTH = 50;

/**
 * Most clauses accepted in one filter (or PATCH path value filter): comparisons, `pr`, `and`, `or` and `not` each
 * count one. Identity providers send one to a few; every clause is work for PostgreSQL on every row it scans, so
 * the cap keeps a filter within the length cap from holding a database connection for long.
 */
export const MAX_FILTER_CLAUSES = 100;
