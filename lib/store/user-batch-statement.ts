/**
 * Many user creates as one statement (a Bulk import, RFC 7644 §3.7): the rows travel as one jsonb parameter and a
 * data-modifying CTE inserts the users, their email mirror rows and one `user.created` change each. A userName
 * already taken — by an existing user or by an earlier row of the same batch — is skipped (`on conflict do
 * nothing` on the unique index), not an error: the statement still creates every other user, and the caller
 * reports the skipped ones as it would a single create's 409. Each user is created or not as a whole, as by a
 * single create; the batch is one round trip instead of one per user.
 */
import type { Knex } from 'knex';
import { userEmailRows, userKeyColumns } from './user-columns.js';

/** One user to create. */
export interface BatchUser {
  readonly id: string;
  readonly doc: Readonly<Record<string, unknown>>;
  /** `data` of its `user.created` change. */
  readonly changeData: Readonly<Record<string, unknown>>;
}

/** A created user: its id and the columns a Bulk response reports. */
export interface BatchCreated {
  readonly id: string;
  readonly revision: number;
}

/**
 * Inserts `users` (in order) with their emails and change rows in one statement; returns those created. A user
 * whose userName is taken is left out of the result and nothing of it is written.
 */
export async function createUsersStatement(db: Knex, tenantId: string, users: readonly BatchUser[]): Promise<BatchCreated[]> {
  if (users.length === 0) return [];
  const rows = users.map((user, ord) => {
    const keys = userKeyColumns(user.doc);
    return {
      ord,
      id: user.id,
      doc: user.doc,
      ...keys,
      emails: userEmailRows(tenantId, user.id, user.doc).map(({ position, value_key, type_key, is_primary }) => ({ position, value_key, type_key, is_primary })),
      change_data: user.changeData,
    };
  });
  const result = await db.raw<{ rows: { id: string; revision: number }[] }>(
    `with input as (
       select * from jsonb_to_recordset(?::jsonb) as x(ord integer, id uuid, doc jsonb, user_name text, user_name_key text, external_id text,
              active boolean, display_name text, given_name text, family_name text, emails jsonb, change_data jsonb)
     ),
     u as (
       insert into scim_users (tenant_id, id, doc, user_name, user_name_key, external_id, active, display_name, given_name, family_name)
       select ?, id, doc, user_name, user_name_key, external_id, active, display_name, given_name, family_name from input order by ord
       on conflict (tenant_id, user_name_key) where deleted_at is null do nothing
       returning tenant_id, id, revision
     ),
     e as (
       insert into scim_user_emails (tenant_id, user_id, position, value_key, type_key, is_primary)
       select u.tenant_id, u.id, m.position, m.value_key, m.type_key, m.is_primary
         from u join input i on i.id = u.id
         cross join lateral jsonb_to_recordset(i.emails) as m(position integer, value_key text, type_key text, is_primary boolean)
     ),
     c as (
       insert into scim_changes (tenant_id, type, resource_type, resource_id, data)
       select u.tenant_id, 'user.created', 'User', u.id, i.change_data from u join input i on i.id = u.id order by i.ord
     )
     select u.id::text as id, u.revision from u`,
    [JSON.stringify(rows), tenantId],
  );
  return result.rows;
}
