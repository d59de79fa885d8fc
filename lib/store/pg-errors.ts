/**
 * The store's error edge (DESIGN.md §4): PostgreSQL errors that a client's request can cause become SCIM errors;
 * an unreachable, restarting or overloaded database and a statement that ran out of time become 503 with
 * `Retry-After` ({@link DatabaseUnavailableError}); everything else is rethrown unchanged for the HTTP edge to
 * answer 500.
 */
import { invalidValue, ScimError, uniqueness } from '../scim/errors.js';
import { databaseOutageOf, type OutageClass } from './database-outage.js';

/** The parts of a `pg` DatabaseError this module reads. */
interface PgErrorLike {
  readonly code: string;
  readonly constraint?: string;
}

function isPgError(error: unknown): error is PgErrorLike {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** Unique indexes and what a client should be told about them (RFC 7644 §3.12 `uniqueness`). */
const UNIQUE_INDEXES: Readonly<Record<string, string>> = {
  scim_users_user_name: "Attribute 'userName' must be unique: another User of this tenant already has this userName (compared case-insensitively).",
  scim_groups_display_name: "Attribute 'displayName' must be unique: another Group of this tenant already has this displayName (compared case-insensitively).",
};

/** The 409 of a create whose userName another user of the tenant has (RFC 7644 §3.3). */
export function userNameTaken(): ScimError {
  return uniqueness(UNIQUE_INDEXES.scim_users_user_name as string);
}

/** Seconds a client is asked to wait before retrying after a {@link DatabaseUnavailableError}. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * 503 Service Unavailable (RFC 9110 §15.6.4) because of the database, not the request: it is unreachable or
 * restarting, its pool is exhausted, or a statement ran past the statement timeout. RFC 7644 §3.12 lists no 503,
 * but a SCIM client is an HTTP client: identity providers back off and retry on 503 with `Retry-After`, where a 500
 * says the server is broken. The HTTP edge sets `Retry-After` from {@link retryAfterSeconds}.
 */
export class DatabaseUnavailableError extends ScimError {
  /** What kind of failure this is; the log reports each kind once per interval. */
  readonly failureClass: OutageClass;
  /** Seconds for the `Retry-After` header. */
  readonly retryAfterSeconds: number;

  /** The driver's error this one stands for, for the log. */
  override readonly cause: unknown;

  constructor(failureClass: OutageClass, detail: string, cause?: unknown, retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS) {
    super(503, `${detail} Retry after ${retryAfterSeconds} seconds.`);
    this.name = 'DatabaseUnavailableError';
    this.cause = cause;
    this.failureClass = failureClass;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const UNAVAILABLE_DETAIL: Readonly<Record<OutageClass, string>> = {
  'statement-timeout': 'The database did not complete this request within the statement timeout, so it was cancelled; a narrower filter or a smaller page may help.',
  'database-unreachable': 'The database cannot be reached right now.',
  'database-restarting': 'The database is restarting or shutting down.',
  'pool-exhausted': 'The server has no free database connection right now.',
};

/** A {@link DatabaseUnavailableError} when `error` is a database outage or a statement timeout, else undefined. */
export function unavailableFromDb(error: unknown): DatabaseUnavailableError | undefined {
  if (error instanceof DatabaseUnavailableError) return error;
  if (error instanceof ScimError) return undefined;
  const failureClass = databaseOutageOf(error);
  return failureClass ? new DatabaseUnavailableError(failureClass, UNAVAILABLE_DETAIL[failureClass], error) : undefined;
}

/**
 * Translates a PostgreSQL error into a {@link ScimError}, or returns undefined when the error is not the client's
 * doing nor the database's unavailability:
 * - 23505 unique violation on a known index → 409 `uniqueness` naming the attribute;
 * - 54000 index row too large (a giant userName or displayName), 22P05/22021 text PostgreSQL cannot store
 *   (`\u0000`) → 400 `invalidValue`;
 * - 40001/40P01 serialisation failure or deadlock between concurrent writers → 409 so the client retries;
 * - connection failures, shutdown and start-up (57P01, 57P03, class 08 …), statement timeouts → 503
 *   ({@link unavailableFromDb}).
 */
export function scimErrorFromPg(error: unknown): ScimError | undefined {
  if (error instanceof ScimError) return undefined;
  const unavailable = unavailableFromDb(error);
  if (unavailable) return unavailable;
  if (!isPgError(error)) return undefined;
  switch (error.code) {
    case '23505': {
      const detail = error.constraint ? UNIQUE_INDEXES[error.constraint] : undefined;
      return uniqueness(detail ?? 'A value of this resource is already in use by another resource of this tenant.');
    }
    case '54000':
      return invalidValue('A value is too long to be stored and indexed; shorten userName, displayName or externalId.');
    case '22P05':
    case '22021':
      return invalidValue('A string value contains a character that cannot be stored (such as \\u0000).');
    case '40001':
    case '40P01':
      return new ScimError(409, 'A concurrent change to the same resources conflicted with this request; retry it.');
    default:
      return undefined;
  }
}

/** Runs `work`, translating client-caused PostgreSQL errors and outages with {@link scimErrorFromPg}. */
export async function withPgErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw scimErrorFromPg(error) ?? error;
  }
}
