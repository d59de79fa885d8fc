/**
 * Bounds on the database time of one SCIM request. The HTTP layer runs each request inside
 * {@link runWithStatementLimits}; the store applies the limits where its statements run, with
 * {@link limitStatement} on each statement and {@link limitTransaction} at the start of each transaction. The
 * request's limits travel with its async context (AsyncLocalStorage), so no signature between the two changes and
 * statements run outside a SCIM request (the admin API, background jobs) stay unbounded.
 *
 * How a statement is bounded, with knex's public API only:
 * - every statement gets `timeout(ms, { cancel: true })`: knex stops waiting after `ms` and cancels the query with
 *   `pg_cancel_backend` on a fresh connection; should the cancel fail, knex discards the pooled connection;
 * - every transaction starts with `SET LOCAL statement_timeout`, so PostgreSQL itself ends a statement that runs
 *   too long. `SET LOCAL` ends with the transaction, which makes it safe behind PgBouncer in transaction mode, where
 *   `pg_cancel_backend` cannot reach the server connection. A session-level `SET` would leak to other clients there.
 * - once the client has disconnected (`clientGone`), no further statement starts: the next one
 *   throws {@link ClientClosedRequestError} and its transaction rolls back. A statement already running stays bounded
 *   by the timeout; knex offers no public way to cancel a running query on demand.
 *
 * Embedded PGlite has one connection and no way to cancel a query from outside, so statements on it are not bounded.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import { ScimError } from '../scim/errors.js';

/** The limits of one request. */
export interface StatementLimits {
  /** Longest a statement may run, in ms; 0 leaves statements unbounded. */
  readonly timeoutMs: number;
  /** True once the request's client has gone: no further statement starts. A function, read per statement. */
  readonly clientGone?: () => boolean;
}

/**
 * The request whose statements are being limited is gone (its client closed the connection), so the rest of its
 * work is not done. Status 499 as proxies log it ("client closed request"); nobody receives the answer.
 */
export class ClientClosedRequestError extends ScimError {
  constructor() {
    super(499, 'The client closed the connection before the request was complete; its remaining statements were not run.');
    this.name = 'ClientClosedRequestError';
  }
}

/**
 * Carries the current request's limits through its async work. Holding the store is not shared state: every
 * request sees only the limits it was run with.
 */
const requestLimits = new AsyncLocalStorage<StatementLimits>();

/** Runs `work` (and everything it awaits) under `limits`. */
export function runWithStatementLimits<T>(limits: StatementLimits, work: () => T): T {
  return requestLimits.run(limits, work);
}

/** The limits of the request this code runs for, if any. */
export function currentStatementLimits(): StatementLimits | undefined {
  return requestLimits.getStore();
}

/**
 * Runs `work` outside any request's limits. Timers and promises started during a request carry its limits along
 * (AsyncLocalStorage follows them), so buffered background writes scheduled from within a request (the event log,
 * last-used times) start their work through this: their statements are not the request's, and must neither be
 * refused once that request's client has gone nor count against its time.
 */
export function outsideRequest<T>(work: () => T): T {
  return requestLimits.exit(work);
}

/** The client name of a knex, builder or raw: `pg` and its aliases can cancel; PGlite and others cannot. */
function cancellable(owner: unknown): boolean {
  const client = (owner as { client?: { config?: { client?: unknown } } }).client;
  const name = client?.config?.client;
  return name === 'pg' || name === 'postgres' || name === 'postgresql';
}

function activeLimits(owner: unknown): StatementLimits | undefined {
  const limits = requestLimits.getStore();
  if (!limits) return undefined;
  if (limits.clientGone?.()) throw new ClientClosedRequestError();
  return limits.timeoutMs > 0 && cancellable(owner) ? limits : undefined;
}

/**
 * Applies the current request's limits to a statement before it runs: throws {@link ClientClosedRequestError} when
 * the client has gone, and sets knex's `timeout(ms, { cancel: true })`. Returns the same builder, so it wraps a
 * statement in place: `await limitStatement(db.raw(sql, bindings))`.
 */
export function limitStatement<Q extends Knex.QueryBuilder | Knex.Raw>(query: Q): Q {
  const limits = activeLimits(query);
  if (limits) query.timeout(limits.timeoutMs, { cancel: true });
  return query;
}

/**
 * Sets PostgreSQL's own `statement_timeout` for the rest of transaction `trx` (`SET LOCAL`), when the current
 * request has limits. Call it first in the transaction; it costs one round trip.
 */
export async function limitTransaction(trx: Knex.Transaction): Promise<void> {
  const limits = activeLimits(trx);
  if (!limits) return;
  // An integer from validated options, so writing it into the text is safe; SET takes no bind parameters.
  await limitStatement(trx.raw(`set local statement_timeout = ${Math.floor(limits.timeoutMs)}`));
}
