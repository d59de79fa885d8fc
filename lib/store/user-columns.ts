/**
 * The key columns extracted from a user document (DESIGN.md §3): what filters, sorts and uniqueness use, so the
 * common IDP queries (`userName eq`, `externalId eq`, `emails.value eq`, `active eq`) hit indexes.
 */

/** The extracted columns of `scim_users`. */
export interface UserKeyColumns {
  readonly user_name: string;
  /** `lower(userName)`: userName is unique per tenant case-insensitively (RFC 7643 §4.1.1 caseExact false). */
  readonly user_name_key: string;
  readonly external_id: string | null;
  /** An absent `active` counts as active: deactivation is an explicit `active: false`. */
  readonly active: boolean;
  readonly display_name: string | null;
  readonly given_name: string | null;
  readonly family_name: string | null;
}

/** `value` when it is a string, else null. */
export function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** `value` when it is a plain object, else an empty one. */
export function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The key columns of a validated user document (canonical attribute names). */
export function userKeyColumns(doc: Readonly<Record<string, unknown>>): UserKeyColumns {
  const userName = textOf(doc.userName) ?? '';
  const name = objectOf(doc.name);
  return {
    user_name: userName,
    user_name_key: userName.toLowerCase(),
    external_id: textOf(doc.externalId),
    active: doc.active !== false,
    display_name: textOf(doc.displayName),
    given_name: textOf(name.givenName),
    family_name: textOf(name.familyName),
  };
}
