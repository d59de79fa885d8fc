/**
 * Reads of a tenant's users in `scim_users` (writes: user-writes.ts). Every function takes the knex or transaction
 * to run on and the tenant id; no function reads another tenant's rows.
 */
import type { Knex } from 'knex';
import { directGroupsColumn } from './direct-groups-column.js';
import { keysetRows, type KeysetPage, type KeysetQuery } from './keyset-rows.js';
import { liveIdCondition } from './live-id-condition.js';
import { listRows, type StoreListQuery, type StorePage } from './list-rows.js';
import { RESOURCE_COLUMNS, type RowLock, type UserRow } from './resource-row.js';
import { firstRow } from './result-rows.js';

/** The columns every read of a user selects. */
export const USER_COLUMNS = [...RESOURCE_COLUMNS, 'user_name', 'external_id', 'active'] as const;

const LOCKS: Readonly<Record<RowLock, string>> = { write: 'for no key update', update: 'for update' };

/**
 * A user by id, or undefined; with its direct groups (`User.groups`) in the same statement when `withGroups`, and
 * optionally locking the row until the transaction ends (see {@link RowLock}).
 */
export async function findUser(
  db: Knex,
  tenantId: string,
  id: string,
  options: { readonly lock?: RowLock; readonly withGroups?: boolean } = {},
): Promise<UserRow | undefined> {
  const columns = USER_COLUMNS.map((column) => `r.${column}`);
  if (options.withGroups) columns.push(directGroupsColumn('r'));
  const lock = options.lock === undefined ? '' : ` ${LOCKS[options.lock]} of r`;
  const result = await db.raw(`select ${columns.join(', ')} from scim_users r where r.tenant_id = ? and r.id = ? and ${liveIdCondition('r')}${lock}`, [tenantId, id]);
  return firstRow<UserRow>(result);
}

/** A user by userName, compared case-insensitively (RFC 7643 §4.1.1), or undefined. */
export async function findUserByUserName(db: Knex, tenantId: string, userName: string): Promise<UserRow | undefined> {
  return firstRow<UserRow>(
    await db('scim_users')
      .select([...USER_COLUMNS])
      .where({ tenant_id: tenantId, user_name_key: userName.toLowerCase() })
      .whereNull('deleted_at')
      .first(),
  );
}

/** A page of users by keyset, for cursors (RFC 9865); see {@link keysetRows}. */
export function keysetUsers(db: Knex, tenantId: string, query: KeysetQuery): Promise<KeysetPage<UserRow>> {
  return keysetRows<UserRow>(db, 'scim_users', tenantId, USER_COLUMNS, query);
}

/** A page of users; see {@link listRows}. */
export function listUsers(db: Knex, tenantId: string, query: StoreListQuery): Promise<StorePage<UserRow>> {
  return listRows<UserRow>(db, 'scim_users', tenantId, USER_COLUMNS, query);
}
