/**
 * The only writer of the email mirror `scim_user_emails`: a user's emails lower-cased in rows of their own, so the
 * filters identity providers send (`emails.value eq`, `emails[type eq "work"]`) use an index. The rows are written
 * by the same statement as their user (as CTEs of it) and rewritten only when a user's emails change.
 */
import type { Knex } from 'knex';
import { objectOf, textOf } from './user-columns.js';

/** One mirror row of a user, without its keys (`tenant_id`, `user_id`): what a statement's jsonb parameter holds. */
export interface EmailRow {
  readonly position: number;
  readonly value_key: string;
  readonly type_key: string | null;
  readonly is_primary: boolean;
}

const COLUMNS = 'insert into scim_user_emails (tenant_id, user_id, position, value_key, type_key, is_primary)';
const RECORD = 'position integer, value_key text, type_key text, is_primary boolean';

/** The mirror rows of a user document; elements without a string `value` are skipped. */
export function emailRows(doc: Readonly<Record<string, unknown>>): EmailRow[] {
  const emails = Array.isArray(doc.emails) ? doc.emails : [];
  const rows: EmailRow[] = [];
  emails.forEach((element: unknown, position) => {
    const email = objectOf(element);
    const value = textOf(email.value);
    if (value === null) return;
    const type = textOf(email.type);
    rows.push({ position, value_key: value.toLowerCase(), type_key: type === null ? null : type.toLowerCase(), is_primary: email.primary === true });
  });
  return rows;
}

/** True when two documents give different mirror rows (a write must then rewrite them). */
export function emailRowsDiffer(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): boolean {
  return JSON.stringify(emailRows(before)) !== JSON.stringify(emailRows(after));
}

/**
 * CTE body inserting the mirror rows of newly inserted users: those of {@link insertEmailsOfNewUsersBindings} whose
 * user is in `users`, the CTE of the inserted rows (a user not inserted gets no rows).
 */
export function insertEmailsOfNewUsersSql(users: string): string {
  return `${COLUMNS}
          select ?, m.user_id, m.position, m.value_key, m.type_key, m.is_primary
            from jsonb_to_recordset(?::jsonb) as m(user_id uuid, ${RECORD})
           where m.user_id in (select id from ${users})`;
}

/** The two bindings of {@link insertEmailsOfNewUsersSql}: the tenant and the mirror rows of every user to insert. */
export function insertEmailsOfNewUsersBindings(tenantId: string, users: readonly { readonly id: string; readonly doc: Readonly<Record<string, unknown>> }[]): [string, string] {
  return [tenantId, JSON.stringify(users.flatMap((user) => emailRows(user.doc).map((row) => ({ user_id: user.id, ...row }))))];
}

/**
 * CTEs `email_delete` and `email_insert` that replace the mirror rows of the one user the CTE `user` wrote (and only
 * if it wrote it); the delete runs first (the insert reads its count), so the rows' primary key never sees old and
 * new at once. Bindings: {@link rewriteEmailsBindings}.
 */
export function rewriteEmailsSql(user: string): string {
  return `email_delete as (delete from scim_user_emails where tenant_id = ? and user_id = ? and exists (select 1 from ${user}) returning 1),
          email_insert as (${COLUMNS}
            select u.tenant_id, u.id, m.position, m.value_key, m.type_key, m.is_primary
              from ${user} u, jsonb_to_recordset(?::jsonb) as m(${RECORD})
             where (select count(*) from email_delete) >= 0)`;
}

/** The bindings of {@link rewriteEmailsSql}. */
export function rewriteEmailsBindings(tenantId: string, userId: string, doc: Readonly<Record<string, unknown>>): Knex.Value[] {
  return [tenantId, userId, JSON.stringify(emailRows(doc))];
}

/** CTE body deleting the mirror rows of a user the CTE `user` deleted. Bindings: tenant id, user id. */
export function deleteEmailsSql(user: string): string {
  return `delete from scim_user_emails where tenant_id = ? and user_id = ? and exists (select 1 from ${user})`;
}
