/**
 * The hot statements (a create, a replace, a read by id, a member removal) as named prepared statements on
 * PostgreSQL: each pooled connection parses a statement once and PostgreSQL may keep its plan, instead of parsing,
 * analysing and planning the same multi-part CTE on every request (measured at 0.3–0.6 ms of PostgreSQL time per
 * statement on the 2-core benchmark machine, about a third of such a request's database time). On PGlite the name
 * is ignored. Plans kept for a name are generic: only statements whose plan does not depend on their parameters'
 * values belong here (lookups by key that state the live-row id condition, see live-id.ts).
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * `sql` with `bindings` as a raw query run as a named prepared statement. The name is derived from the text, so
 * statements of different shapes never share a name (pg refuses to reuse a name for another text).
 */
export function preparedRaw<Result>(db: Knex, sql: string, bindings: readonly Knex.RawBinding[]): Knex.Raw<Result> {
  const name = `scim_${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;
  return db.raw<Result>(sql, bindings).options({ name });
}
