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

/** One row of `scim_user_emails`: the user's emails lower-cased for indexed, case-insensitive filters. */
export interface UserEmailRow {
  readonly tenant_id: string;
  readonly user_id: string;
  readonly position: number;
  readonly value_key: string;
  readonly type_key: string | null;
  readonly is_primary: boolean;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function object(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The key columns of a validated user document (canonical attribute names). */
export function userKeyColumns(doc: Readonly<Record<string, unknown>>): UserKeyColumns {
  const userName = text(doc.userName) ?? '';
  const name = object(doc.name);
  return {
    user_name: userName,
    user_name_key: userName.toLowerCase(),
    external_id: text(doc.externalId),
    active: doc.active !== false,
    display_name: text(doc.displayName),
    given_name: text(name.givenName),
    family_name: text(name.familyName),
  };
}

/** The email mirror rows of a user document; elements without a string `value` are skipped. */
export function userEmailRows(tenantId: string, userId: string, doc: Readonly<Record<string, unknown>>): UserEmailRow[] {
  const emails = Array.isArray(doc.emails) ? doc.emails : [];
  const rows: UserEmailRow[] = [];
  emails.forEach((element: unknown, position) => {
    const email = object(element);
    const value = text(email.value);
    if (value === null) return;
    const type = text(email.type);
    rows.push({
      tenant_id: tenantId,
      user_id: userId,
      position,
      value_key: value.toLowerCase(),
      type_key: type === null ? null : type.toLowerCase(),
      is_primary: email.primary === true,
    });
  });
  return rows;
}
