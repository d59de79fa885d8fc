/**
 * Users of a tenant in `scim_users`, with the email mirror `scim_user_emails` kept in sync on every write. Every
 * function takes the knex or transaction to run on and the tenant id; no function reads another tenant's rows.
 */
import type { Knex } from 'knex';
import { keysetRows, type KeysetPage, type KeysetQuery } from './keyset-rows.js';
import { liveIdCondition } from './live-id.js';
import { listRows, type StoreListQuery, type StorePage } from './list-rows.js';
import { RESOURCE_COLUMNS, type RowLock, type UserRow } from './resource-row.js';
import { userEmailRows, userKeyColumns } from './user-columns.js';

const USER_COLUMNS = [...RESOURCE_COLUMNS, 'user_name', 'external_id', 'active'] as const;

async function writeEmails(db: Knex, tenantId: string, id: string, doc: Readonly<Record<string, unknown>>, replace: boolean): Promise<void> {
  if (replace) await db('scim_user_emails').where({ tenant_id: tenantId, user_id: id }).delete();
  const rows = userEmailRows(tenantId, id, doc);
  if (rows.length > 0) await db('scim_user_emails').insert(rows);
}

/**
 * Inserts a user. userName uniqueness is left to the unique index (never check-then-insert): a duplicate raises
 * 23505, which `withPgErrors` turns into 409.
 */
export async function insertUser(db: Knex, tenantId: string, id: string, doc: Readonly<Record<string, unknown>>): Promise<UserRow> {
  const [row] = await db('scim_users')
    .insert({ tenant_id: tenantId, id, doc: JSON.stringify(doc), ...userKeyColumns(doc) })
    .returning([...USER_COLUMNS]);
  await writeEmails(db, tenantId, id, doc, false);
  return row as UserRow;
}

/** A user by id, or undefined, optionally locking the row until the transaction ends (see {@link RowLock}). */
export async function findUser(db: Knex, tenantId: string, id: string, options: { lock?: RowLock } = {}): Promise<UserRow | undefined> {
  const query = db('scim_users').select([...USER_COLUMNS]).where({ tenant_id: tenantId, id }).whereRaw(liveIdCondition());
  if (options.lock === 'update') query.forUpdate();
  else if (options.lock === 'write') query.forNoKeyUpdate();
  return (await query.first()) as UserRow | undefined;
}

/** A user by userName, compared case-insensitively (RFC 7643 §4.1.1), or undefined. */
export async function findUserByUserName(db: Knex, tenantId: string, userName: string): Promise<UserRow | undefined> {
  return (await db('scim_users')
    .select([...USER_COLUMNS])
    .where({ tenant_id: tenantId, user_name_key: userName.toLowerCase() })
    .whereNull('deleted_at')
    .first()) as UserRow | undefined;
}

/**
 * Replaces a user's document and bumps its revision; the row should be locked by the caller. Undefined when the
 * user does not exist.
 */
export async function updateUser(db: Knex, tenantId: string, id: string, doc: Readonly<Record<string, unknown>>): Promise<UserRow | undefined> {
  const [row] = await db('scim_users')
    .where({ tenant_id: tenantId, id })
    .whereRaw(liveIdCondition())
    .update({
      doc: JSON.stringify(doc),
      ...userKeyColumns(doc),
      revision: db.raw('revision + 1'),
      last_modified: db.raw('greatest(now(), last_modified + interval \'1 microsecond\')'),
    })
    .returning([...USER_COLUMNS]);
  if (!row) return undefined;
  await writeEmails(db, tenantId, id, doc, true);
  return row as UserRow;
}

/** Deletes a user and its email rows in one statement; returns the deleted row, or undefined. */
export async function deleteUser(db: Knex, tenantId: string, id: string): Promise<UserRow | undefined> {
  const result = await db.raw<{ rows: UserRow[] }>(
    `with u as (delete from scim_users where tenant_id = ? and id = ? and ${liveIdCondition()} returning ${USER_COLUMNS.join(', ')}),
          e as (delete from scim_user_emails where tenant_id = ? and user_id = ? and exists (select 1 from u))
     select * from u`,
    [tenantId, id, tenantId, id],
  );
  return result.rows[0];
}

/**
 * Soft delete: marks a user deleted (`deleted_at`), bumping its revision, and leaves the row as a tombstone that
 * every SCIM read skips and the host's read API can still return. Returns the tombstone, or undefined.
 */
export async function tombstoneUser(db: Knex, tenantId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db('scim_users')
    .where({ tenant_id: tenantId, id })
    .whereRaw(liveIdCondition())
    .update({ deleted_at: db.fn.now(), revision: db.raw('revision + 1'), last_modified: db.raw("greatest(now(), last_modified + interval '1 microsecond')") })
    .returning([...USER_COLUMNS]);
  return row as UserRow | undefined;
}

/** A page of users by keyset, for cursors (RFC 9865); see {@link keysetRows}. */
export function keysetUsers(db: Knex, tenantId: string, query: KeysetQuery): Promise<KeysetPage<UserRow>> {
  return keysetRows<UserRow>(db, 'scim_users', tenantId, USER_COLUMNS, query);
}

/** A page of users; see {@link listRows}. */
export function listUsers(db: Knex, tenantId: string, query: StoreListQuery): Promise<StorePage<UserRow>> {
  return listRows<UserRow>(db, 'scim_users', tenantId, USER_COLUMNS, query);
}
