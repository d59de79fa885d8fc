/**
 * Which errors mean "the database is not there right now" rather than "this request is wrong" or "the code is
 * wrong", so the HTTP edge can answer 503 with `Retry-After` and the log can say so once per kind and interval
 * instead of a stack per request. Reads only the error's `code`, `name` and `message`; no driver import.
 */

/** The kinds of database unavailability the directory tells apart. */
export type OutageClass = 'statement-timeout' | 'database-unreachable' | 'database-restarting' | 'pool-exhausted';

/** Socket-level codes of Node (and of node-postgres, which passes them through). */
const SOCKET_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * node-postgres's own messages for a connection that ended or cannot be used. They carry no code, and knex puts
 * the statement in front (`ROLLBACK - Connection terminated unexpectedly`), so they are looked for anywhere in the
 * message, but only of errors without a code: a PostgreSQL error quoting a client's text always has one.
 */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection ended unexpectedly',
  'Unable to acquire a connection',
];

interface ErrorFields {
  readonly code?: unknown;
  readonly name?: unknown;
  readonly message?: unknown;
  readonly errors?: unknown;
}

function fields(error: unknown): ErrorFields | undefined {
  return typeof error === 'object' && error !== null ? (error as ErrorFields) : undefined;
}

/**
 * The {@link OutageClass} of `error`, or undefined when it is something else:
 * - statement-timeout: PostgreSQL's 57014 (`statement_timeout`, or a cancel) and knex's query `timeout()`;
 * - database-restarting: 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up);
 * - pool-exhausted: knex's "Timeout acquiring a connection" and PostgreSQL's class 53 (too many connections, out of
 *   memory or disk);
 * - database-unreachable: refused, reset or timed-out sockets, class 08 connection exceptions and node-postgres's
 *   "Connection terminated …" family; an `AggregateError` (Node's happy-eyeballs connect) when one of its errors is.
 */
export function databaseOutageOf(error: unknown): OutageClass | undefined {
  const e = fields(error);
  if (!e) return undefined;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === '57014') return 'statement-timeout';
  if (e.name === 'KnexTimeoutError') {
    return message.startsWith('Knex: Timeout acquiring a connection') ? 'pool-exhausted' : 'statement-timeout';
  }
  if (message.startsWith('After query timeout of')) return 'statement-timeout'; // knex: timed out, cancel failed
  if (code === '57P01' || code === '57P02' || code === '57P03') return 'database-restarting';
  if (/^53\d{3}$/.test(code)) return 'pool-exhausted';
  if (SOCKET_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return 'database-unreachable';
  if (code === '' && CONNECTION_MESSAGES.some((text) => message.includes(text))) return 'database-unreachable';
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const found = databaseOutageOf(inner);
      if (found) return found;
    }
  }
  return undefined;
}
