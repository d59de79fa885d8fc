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
import { BoundedMemo } from '../scim/bounded-memo.js';

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

/** A node-postgres `Query` (a "submittable"): built from text and values, named afterwards (see {@link runNamed}). */
interface PgSubmittable {
  name?: string;
}

/** The part of a pg connection the direct path uses; `constructor.Query` is node-postgres's own `Client.Query`. */
interface PgConnection {
  query(config: { name: string; text: string; values: readonly unknown[] } | PgSubmittable): Promise<unknown> | PgSubmittable;
  readonly constructor: { readonly Query?: new (text: string, values: readonly unknown[], callback: (error: Error | null, result: unknown) => void) => PgSubmittable };
}

/** A statement text's name and numbered text, worked out once per text (see {@link statementShape}). */
interface StatementShape {
  readonly name: string;
  /** The text with `$n` placeholders, or undefined when it must take the knex path. */
  readonly numbered: string | undefined;
  readonly placeholders: number;
}

/** Shapes already worked out, by text (bounded, though the store's shapes are a few dozen). */
const shapes = new BoundedMemo<StatementShape>(512);

function statementShape(sql: string): StatementShape {
  return shapes.get(sql, () => {
    const numbered = numberedPlaceholders(sql);
    return { name: statementName(sql), numbered: numbered?.text, placeholders: numbered?.count ?? -1 };
  });
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

/** `sql` with its `?` placeholders numbered `$1…$n` as PostgreSQL wants them, or undefined for knex's escaped `\\?`. */
function numberedPlaceholders(sql: string): { text: string; count: number } | undefined {
  let count = 0;
  if (sql.includes('\\')) return undefined; // knex's escaped `\\?`: leave such text to knex
  const text = sql.replace(/\?/g, () => `$${++count}`);
  return { text, count };
}

/**
 * Runs a named statement on `connection`. node-postgres copies a query-config object property by property
 * (descriptors and all) before using it, about 10 µs a statement in the server's profile; a `Query` built from
 * text and values is not copied, and takes its name before it is submitted. Without `Client.Query` (another
 * driver behind the same client name) the config object is used.
 */
function runNamed(connection: PgConnection, name: string, text: string, values: readonly unknown[]): Promise<unknown> {
  const Query = connection.constructor.Query;
  if (Query === undefined) return connection.query({ name, text, values }) as Promise<unknown>;
  return new Promise((resolve, reject) => {
    const query = new Query(text, values, (error, result) => (error ? reject(error) : resolve(result)));
    query.name = name;
    connection.query(query);
  });
}

/** knex's client as the direct path uses it. */
interface KnexPgClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
  emit(event: string, ...args: unknown[]): boolean;
  listenerCount(event: string): number;
}

/**
 * `sql` with `bindings` run as a named prepared statement (named by {@link statementName}); resolves to the
 * driver's result (`rows`). On a plain pg knex the statement goes to a pooled connection directly rather than
 * through knex's query runner, which cost about a third of such a statement's CPU in the server; knex's `query`,
 * `query-response` and `query-error` events are still emitted when anyone listens, so statement counters and debug
 * listeners see it. The store's statements never carry a `?` other than placeholders (sql-fragment.ts); a text
 * that does, or an undefined binding, takes the knex path.
 */
export async function preparedRaw<Result>(db: Knex, sql: string, bindings: readonly Knex.RawBinding[]): Promise<Result> {
  const shape = statementShape(sql);
  const direct =
    shape.numbered !== undefined &&
    shape.placeholders === bindings.length &&
    isPlainPgKnex(db) &&
    !bindings.includes(undefined as unknown as Knex.RawBinding);
  if (!direct) return (await db.raw(sql, [...bindings]).options({ name: shape.name })) as Result;
  const text = shape.numbered as string;
  const client = db.client as KnexPgClient;
  const heard = client.listenerCount('query') + client.listenerCount('query-response') + client.listenerCount('query-error') > 0;
  // knex's events with knex's fields, so listeners pairing `query` with `query-response` by uid see these too.
  const query = heard ? { method: 'raw', sql: text, bindings, options: { name: shape.name }, __knexQueryUid: randomUUID() } : undefined;
  const connection = await client.acquireConnection();
  try {
    if (query) client.emit('query', query);
    const result = (await runNamed(connection, shape.name, text, bindings)) as Result;
    if (query) client.emit('query-response', result, query);
    return result;
  } catch (error) {
    if (query) client.emit('query-error', error, query);
    throw error;
  } finally {
    await client.releaseConnection(connection);
  }
}
