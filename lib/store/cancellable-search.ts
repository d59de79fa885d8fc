/**
 * Searches that stop when their client leaves. A search (a list, `.search`, a cursor page) can scan many rows; when
 * the HTTP client closes its connection before the answer, nobody will read it, so its statement is cancelled
 * instead of holding a pooled connection until the statement timeout.
 *
 * The search runs in a transaction whose first statement reads the server backend's process id (and sets the
 * statement timeout with `set_config(…, true)`, which is `SET LOCAL`). Inside a transaction that backend is ours,
 * behind PgBouncer in transaction mode too. When the client leaves, `select pg_cancel_backend(pid)` goes through
 * another pooled connection of the same knex. A cancel may only reach our own transaction, never a statement of
 * another request that later runs on the same backend, so the two sides agree before the signal is sent:
 * - the cancelling transaction, once it has its connection, sends the signal only if the search has not ended, and
 *   marks it as sent before it sends;
 * - the search, when it ends, waits for a cancel marked as sent before it leaves its transaction, and otherwise
 *   marks itself ended at once, so a cancel still waiting for a connection never holds the search's connection
 *   (with every connection held by searches whose clients left, none would ever be freed).
 * A signal that reaches the backend while it is idle in our transaction is ignored by PostgreSQL.
 *
 * PGlite, the embedded database, runs in-process on one connection: nothing can run beside the search to cancel it,
 * so there the search runs as it is and only the check before it applies.
 */
import type { Knex } from 'knex';
import { firstRow } from './result-rows.js';
import { cancellable, type StatementSettings } from './statement-limits.js';

/** Whether the client of a request has gone (closed its connection before the answer), and when it goes. */
export interface ClientDeparture {
  /** True once the client has gone. */
  readonly gone: boolean;
  /** Calls `listener` once if the client goes; the function returned stops listening. */
  whenGone(listener: () => void): () => void;
}

/**
 * The search of a request whose client had gone before it began, or went while it ran and had it cancelled. Not a
 * failure of the server or the database: nobody is left to answer.
 */
export class ClientGoneError extends Error {
  constructor(cause?: unknown) {
    super('The client closed the connection before the answer; its search was not run or was cancelled.', cause === undefined ? undefined : { cause });
    this.name = 'ClientGoneError';
  }
}

/** How a search is bounded. */
export interface SearchBounds {
  /** How the statements run outside the search's transaction (statement-limits.ts); undefined: unbounded, unnamed. */
  readonly statement?: StatementSettings;
  /** The client of the request; without it the search is bounded by the timeout only. */
  readonly client?: ClientDeparture;
}

/**
 * Runs the statements of one search through `search(db, statement)`, cancelled if the client leaves (see the module
 * comment). `search` must run its statements on the `db` it is given with `statement` (undefined inside the
 * transaction, which has the timeout of its own). Throws {@link ClientGoneError} when the client had gone before
 * the search began, or the search failed (cancelled, most likely) after it went; a search that completes is returned
 * whatever the client did.
 */
export async function cancellableSearch<T>(db: Knex, bounds: SearchBounds, search: (db: Knex, statement: StatementSettings | undefined) => Promise<T>): Promise<T> {
  const { client, statement } = bounds;
  if (!client) return search(db, statement);
  if (client.gone) throw new ClientGoneError();
  if (!cancellable(db)) return search(db, statement);
  try {
    return await db.transaction((trx) => searchInTransaction(db, trx, client, statement?.timeoutMs, search));
  } catch (error) {
    if (client.gone && !(error instanceof ClientGoneError)) throw new ClientGoneError(error);
    throw error;
  }
}

async function searchInTransaction<T>(
  db: Knex,
  trx: Knex.Transaction,
  client: ClientDeparture,
  timeoutMs: number | undefined,
  search: (db: Knex, statement: StatementSettings | undefined) => Promise<T>,
): Promise<T> {
  const pid = await backendPid(trx, timeoutMs);
  const state: { phase: 'running' | 'cancelling' | 'ended' } = { phase: 'running' };
  let cancelling: Promise<void> = Promise.resolve();
  const stopWatching = client.whenGone(() => {
    cancelling = db
      .transaction(async (other) => {
        // Decided and marked with nothing awaited in between, so the search's end sees either state.
        if (state.phase !== 'running') return;
        state.phase = 'cancelling';
        await other.raw('select pg_cancel_backend(?)', [pid]);
      })
      // A cancel that fails leaves the search to its end or its timeout.
      .catch(() => undefined);
  });
  try {
    if (client.gone) throw new ClientGoneError();
    return await search(trx, undefined);
  } finally {
    stopWatching();
    if (state.phase === 'cancelling') await cancelling;
    state.phase = 'ended';
  }
}

/** The server backend's process id, read in the statement that also sets the transaction's statement timeout. */
async function backendPid(trx: Knex.Transaction, timeoutMs: number | undefined): Promise<number> {
  const limit = Math.floor(timeoutMs ?? 0);
  const row = firstRow<{ pid: number | string }>(
    await (limit > 0
      ? trx.raw(`select pg_backend_pid() as pid, set_config('statement_timeout', ?, true) as statement_timeout`, [String(limit)])
      : trx.raw('select pg_backend_pid() as pid')),
  );
  return Number(row?.pid);
}
