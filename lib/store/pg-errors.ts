/**
 * The store's error edge (DESIGN.md §4): PostgreSQL errors that a client's request can cause become SCIM errors;
 * everything else is rethrown unchanged for the HTTP edge to answer 500.
 */
import { invalidValue, ScimError, uniqueness } from '../scim/errors.js';

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

/**
 * Translates a PostgreSQL error into a {@link ScimError}, or returns undefined when the error is not the client's
 * doing:
 * - 23505 unique violation on a known index → 409 `uniqueness` naming the attribute;
 * - 54000 index row too large (a giant userName or displayName), 22P05/22021 text PostgreSQL cannot store
 *   (`\u0000`) → 400 `invalidValue`;
 * - 40001/40P01 serialisation failure or deadlock between concurrent writers → 409 so the client retries.
 */
export function scimErrorFromPg(error: unknown): ScimError | undefined {
  if (error instanceof ScimError || !isPgError(error)) return undefined;
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

/** Runs `work`, translating client-caused PostgreSQL errors with {@link scimErrorFromPg}. */
export async function withPgErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw scimErrorFromPg(error) ?? error;
  }
}
