/**
 * The hot statements (a create, a replace, a read by id, a member removal) as named prepared statements on
 * PostgreSQL: each pooled connection parses a statement once and PostgreSQL may keep its plan, instead of parsing,
 * analysing and planning the same multi-part CTE on every request (measured at 0.3–0.6 ms of PostgreSQL time per
 * statement on the 2-core benchmark machine, about a third of such a request's database time). On PGlite the name
 * is ignored. Plans kept for a name are generic: only statements whose plan does not depend on their parameters'
 * values belong here (lookups by key that state the live-row id condition, see live-id.ts).
 */
import { randomUUID } from 'node:crypto';
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

/** The part of a pg connection the direct path uses. */
interface PgConnection {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<unknown>;
}

/**
 * True when `db` is a plain knex over node-postgres and not a transaction: then a statement may run on a pooled
 * connection directly. Anything else (a transaction, PGlite, a host's own client class) goes through knex.
 */
function isPlainPgKnex(db: Knex): boolean {
  const client = db.client as { config?: { client?: unknown } };
  const name = client.config?.client;
  return db.isTransaction !== true && (name === 'pg' || name === 'postgres' || name === 'postgresql');
}

/** `sql` with its `?` placeholders numbered `$1…$n` as PostgreSQL wants them, or undefined when they do not match `count`. */
function numberedPlaceholders(sql: string, count: number): string | undefined {
  let n = 0;
  if (sql.includes('\\')) return undefined; // knex's escaped `\\?`: leave such text to knex
  const text = sql.replace(/\?/g, () => `$${++n}`);
  return n === count ? text : undefined;
}

/**
 * `sql` with `bindings` run as a named prepared statement (named by {@link statementName}); resolves to the
 * driver's result (`rows`). On a plain pg knex the statement goes to a pooled connection directly rather than
 * through knex's query runner, which cost about a third of such a statement's CPU in the server; knex's `query`,
 * `query-response` and `query-error` events are still emitted, so statement counters and debug listeners see it.
 * The store's statements never carry a `?` other than placeholders (sql-fragment.ts); a text that does, or an
 * undefined binding, takes the knex path.
 */
export async function preparedRaw<Result>(db: Knex, sql: string, bindings: readonly Knex.RawBinding[]): Promise<Result> {
  const name = statementName(sql);
  const text = isPlainPgKnex(db) && !bindings.includes(undefined as unknown as Knex.RawBinding) ? numberedPlaceholders(sql, bindings.length) : undefined;
  if (text === undefined) return (await db.raw(sql, [...bindings]).options({ name })) as Result;
  const client = db.client as { acquireConnection(): Promise<PgConnection>; releaseConnection(connection: PgConnection): Promise<unknown>; emit(event: string, ...args: unknown[]): boolean };
  const connection = await client.acquireConnection();
  // knex's events with knex's fields, so listeners pairing `query` with `query-response` by uid see these too.
  const query = { method: 'raw', sql: text, bindings, options: { name }, __knexQueryUid: randomUUID() };
  try {
    client.emit('query', query);
    const result = (await connection.query({ name, text, values: bindings })) as Result;
    client.emit('query-response', result, query);
    return result;
  } catch (error) {
    client.emit('query-error', error, query);
    throw error;
  } finally {
    await client.releaseConnection(connection);
  }
}
