/**
 * Bounds on the database time of the statements a SCIM request runs. The limit is the directory's
 * `statementTimeoutMs`, handed to the store with each statement that runs outside a transaction and with each
 * transaction, so it travels as a plain value:
 * - a statement gets knex's `timeout(ms, { cancel: true })`: knex stops waiting after `ms` and cancels the query with
 *   `pg_cancel_backend` on a fresh connection; should the cancel fail, knex discards the pooled connection;
 * - a transaction starts with `SET LOCAL statement_timeout`, so PostgreSQL itself ends a statement that runs too
 *   long. `SET LOCAL` ends with the transaction, which makes it safe behind PgBouncer in transaction mode, where
 *   knex's cancel cannot reach the server connection (it names the process id PgBouncer gave the driver, not the
 *   server's); a session-level `SET` would leak to other clients there.
 * A search whose HTTP client has gone away is cancelled sooner, by `cancellable-search.ts`; other statements of such a
 * request are bounded only by the timeout.
 *
 * Embedded PGlite has one connection and no way to cancel a query from outside, so statements on it are not bounded.
 *
 * A statement outside a transaction may also run as a prepared statement (named-statements.ts); the directory hands
 * its {@link StatementNames} along with the timeout, as {@link StatementSettings}.
 */
import type { Knex } from 'knex';
import type { StatementNames } from './named-statements.js';

/** How the store runs a statement outside a transaction: its timeout, and the directory's prepared-statement names. */
export interface StatementSettings {
  /** The statement timeout; undefined or 0: unbounded. */
  readonly timeoutMs?: number;
  /** Names the statement for PostgreSQL to keep prepared; absent: unnamed. */
  readonly names?: StatementNames;
}

/** Whether the client of a knex, transaction, builder or raw is `pg` (or an alias), which can cancel; PGlite and others cannot. */
export function cancellable(owner: unknown): boolean {
  const client = (owner as { client?: { config?: { client?: unknown } } }).client;
  const name = client?.config?.client;
  return name === 'pg' || name === 'postgres' || name === 'postgresql';
}

/**
 * Sets knex's `timeout(timeoutMs, { cancel: true })` on a statement (none when `timeoutMs` is 0 or undefined, or on
 * PGlite). Returns the same builder, so it wraps a statement in place: `await limitStatement(db.raw(sql), ms)`.
 */
export function limitStatement<Q extends Knex.QueryBuilder | Knex.Raw>(query: Q, timeoutMs: number | undefined): Q {
  if (timeoutMs !== undefined && timeoutMs > 0 && cancellable(query)) query.timeout(timeoutMs, { cancel: true });
  return query;
}

/**
 * Runs `query` outside a transaction with `settings`: bounded by its timeout (as {@link limitStatement}) and, where
 * the directory names statements, prepared. Returns the result.
 */
export function runStatement(query: Knex.QueryBuilder | Knex.Raw, settings: StatementSettings | undefined): Promise<unknown> {
  limitStatement(query, settings?.timeoutMs);
  return settings?.names && cancellable(query) ? settings.names.run(query) : Promise.resolve(query);
}

/**
 * Sets PostgreSQL's own `statement_timeout` for the rest of transaction `trx` (`SET LOCAL`). Call it first in the
 * transaction; it costs one round trip, and nothing when `timeoutMs` is 0 or the database is PGlite.
 */
export async function limitTransaction(trx: Knex.Transaction, timeoutMs: number): Promise<void> {
  if (!(timeoutMs > 0) || !cancellable(trx)) return;
  // An integer from validated options, so writing it into the text is safe; SET takes no bind parameters.
  await limitStatement(trx.raw(`set local statement_timeout = ${Math.floor(timeoutMs)}`), timeoutMs);
}
