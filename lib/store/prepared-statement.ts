/**
 * The hot statements (a create, a replace, a read by id, a member removal) as named prepared statements on
 * PostgreSQL: each pooled connection parses a statement once and PostgreSQL may keep its plan, instead of parsing,
 * analysing and planning the same multi-part CTE on every request (measured at 0.3–0.6 ms of PostgreSQL time per
 * statement on the 2-core benchmark machine, about a third of such a request's database time). On PGlite the name
 * is ignored. Plans kept for a name are generic: only statements whose plan does not depend on their parameters'
 * values belong here (lookups by key that state the live-row id condition, see live-id.ts).
 */
import type { Knex } from 'knex';

/**
 * A statement name from its text: two 32-bit FNV-1a hashes (forwards and backwards) and the length. Statements of
 * different shapes must never share a name (pg refuses to reuse a name for another text); among the few dozen
 * shapes the store prepares, a collision of 64 hash bits and the length does not happen. A cryptographic hash
 * cost 2.5 % of the server's CPU in a create-only run; this is a loop over the text.
 */
export function statementName(sql: string): string {
  let forward = 0x811c9dc5;
  let backward = 0x811c9dc5;
  for (let i = 0, j = sql.length - 1; i < sql.length; i++, j--) {
    forward = Math.imul(forward ^ sql.charCodeAt(i), 0x01000193);
    backward = Math.imul(backward ^ sql.charCodeAt(j), 0x01000193);
  }
  return `scim_${(forward >>> 0).toString(36)}_${(backward >>> 0).toString(36)}_${sql.length.toString(36)}`;
}

/** `sql` with `bindings` as a raw query run as a named prepared statement (named by {@link statementName}). */
export function preparedRaw<Result>(db: Knex, sql: string, bindings: readonly Knex.RawBinding[]): Knex.Raw<Result> {
  return db.raw<Result>(sql, bindings).options({ name: statementName(sql) });
}
