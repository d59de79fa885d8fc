/**
 * Groups of a tenant in `scim_groups`. The document holds no members: they live in `scim_memberships` (see
 * memberships-store.ts). Every function takes the knex or transaction to run on and the tenant id.
 */
import type { Knex } from 'knex';
import type { NewChange } from './changes-store.js';
import { changeRowsBindings, insertChangeRowsSql } from './change-rows.js';
import { keysetRows, type KeysetPage, type KeysetQuery } from './keyset-rows.js';
import { liveIdCondition } from './live-id-condition.js';
import { listRows, type StoreListQuery, type StorePage } from './list-rows.js';
import { RESOURCE_COLUMNS, type RowLock, type GroupRow } from './resource-row.js';
import { firstRow } from './result-rows.js';
import { TENANT_HAS_MAPPINGS_SQL } from './group-role-mappings-store.js';

const GROUP_COLUMNS = [...RESOURCE_COLUMNS, 'display_name', 'external_id'] as const;
const NEXT_VERSION = "revision = revision + 1, last_modified = greatest(now(), last_modified + interval '1 microsecond')";
const LOCKS: Readonly<Record<RowLock, string>> = { write: 'for no key update', update: 'for update' };

/** The key columns of a group document: what filters, sorts and the displayName uniqueness use. */
export function groupKeyColumns(doc: Readonly<Record<string, unknown>>): { display_name: string; display_name_key: string; external_id: string | null } {
  const displayName = typeof doc.displayName === 'string' ? doc.displayName : '';
  return {
    display_name: displayName,
    // Unique per tenant case-insensitively, by the unique index (never check-then-insert).
    display_name_key: displayName.toLowerCase(),
    external_id: typeof doc.externalId === 'string' ? doc.externalId : null,
  };
}

/** The stored document of a group: everything but `members`, which the membership table holds. */
export function groupDocument(doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { members: _members, ...rest } = doc;
  return rest;
}

/**
 * Inserts a group (without members) and appends `changes`, in one statement. A duplicate displayName raises 23505 →
 * 409 through `withPgErrors`.
 */
export async function insertGroup(db: Knex, tenantId: string, id: string, doc: Readonly<Record<string, unknown>>, changes: readonly NewChange[] = []): Promise<GroupRow> {
  const stored = groupDocument(doc);
  const keys = groupKeyColumns(stored);
  const result = await db.raw(
    `with i as (insert into scim_groups (tenant_id, id, doc, display_name, display_name_key, external_id) values (?, ?, ?::jsonb, ?, ?, ?)
                returning ${GROUP_COLUMNS.join(', ')}),
          c as (${insertChangeRowsSql('exists (select 1 from i)')})
     select * from i`,
    [tenantId, id, JSON.stringify(stored), keys.display_name, keys.display_name_key, keys.external_id, ...changeRowsBindings(tenantId, changes)],
  );
  const row = firstRow<GroupRow>(result);
  if (!row) throw new Error(`Inserting group ${id} returned no row.`);
  return row;
}

/** A group by id, or undefined, optionally locking the row until the transaction ends (see {@link RowLock}). */
export async function findGroup(db: Knex, tenantId: string, id: string, options: { lock?: RowLock } = {}): Promise<GroupRow | undefined> {
  const lock = options.lock === undefined ? '' : ` ${LOCKS[options.lock]}`;
  const result = await db.raw(`select ${GROUP_COLUMNS.join(', ')} from scim_groups where tenant_id = ? and id = ? and ${liveIdCondition()}${lock}`, [tenantId, id]);
  return firstRow<GroupRow>(result);
}

/** A group by displayName, compared case-insensitively, or undefined. */
export async function findGroupByDisplayName(db: Knex, tenantId: string, displayName: string): Promise<GroupRow | undefined> {
  return firstRow<GroupRow>(
    await db('scim_groups')
      .select([...GROUP_COLUMNS])
      .where({ tenant_id: tenantId, display_name_key: displayName.toLowerCase() })
      .whereNull('deleted_at')
      .first(),
  );
}

/**
 * Starts a change of a group: locks the live row until the transaction ends (writes to one group serialise, member
 * additions elsewhere still proceed) and moves its revision on, in one statement. Every change to a group's document
 * or member list starts here, so its version moves exactly once per transaction; a transaction that then changes
 * nothing must roll back. Also tells whether the tenant maps any group to a role (`roleMapped`), so a members change
 * of a tenant without mappings asks nothing more. Undefined when the group does not exist.
 */
export async function startGroupChange(db: Knex, tenantId: string, id: string): Promise<{ readonly row: GroupRow; readonly roleMapped: boolean } | undefined> {
  const result = await db.raw(
    `update scim_groups set ${NEXT_VERSION} where tenant_id = ? and id = ? and ${liveIdCondition()}
     returning ${GROUP_COLUMNS.join(', ')}, ${TENANT_HAS_MAPPINGS_SQL} as role_mapped`,
    [tenantId, id, tenantId],
  );
  const found = firstRow<GroupRow & { role_mapped: boolean }>(result);
  if (!found) return undefined;
  const { role_mapped: roleMapped, ...row } = found;
  return { row, roleMapped: roleMapped === true };
}

/**
 * Writes a group's document (members excluded) and appends `changes`, in one statement, within a change begun by
 * {@link startGroupChange} (which moved the revision). Undefined when the group does not exist.
 */
export async function writeGroupDocument(
  db: Knex,
  tenantId: string,
  id: string,
  doc: Readonly<Record<string, unknown>>,
  changes: readonly NewChange[],
): Promise<GroupRow | undefined> {
  const stored = groupDocument(doc);
  const keys = groupKeyColumns(stored);
  const result = await db.raw(
    `with u as (update scim_groups set doc = ?::jsonb, display_name = ?, display_name_key = ?, external_id = ?
                 where tenant_id = ? and id = ? and ${liveIdCondition()} returning ${GROUP_COLUMNS.join(', ')}),
          c as (${insertChangeRowsSql('exists (select 1 from u)')})
     select * from u`,
    [JSON.stringify(stored), keys.display_name, keys.display_name_key, keys.external_id, tenantId, id, ...changeRowsBindings(tenantId, changes)],
  );
  return firstRow<GroupRow>(result);
}

/**
 * Removes a group for good (its own member rows go with it by foreign key), or leaves a tombstone (`deleted_at`
 * set, revision bumped; the caller removes its members) that every SCIM read skips and the host's read API can
 * still return; with `changes`, in one statement. Returns the row as it was, or undefined.
 */
export async function removeGroup(db: Knex, tenantId: string, id: string, options: { readonly tombstone: boolean; readonly changes: readonly NewChange[] }): Promise<GroupRow | undefined> {
  const where = `tenant_id = ? and id = ? and ${liveIdCondition()}`;
  const group = options.tombstone
    ? `u as (update scim_groups set deleted_at = now(), ${NEXT_VERSION} where ${where} returning ${GROUP_COLUMNS.join(', ')})`
    : `u as (delete from scim_groups where ${where} returning ${GROUP_COLUMNS.join(', ')})`;
  const result = await db.raw(`with ${group}, c as (${insertChangeRowsSql('exists (select 1 from u)')}) select * from u`, [
    tenantId,
    id,
    ...changeRowsBindings(tenantId, options.changes),
  ]);
  return firstRow<GroupRow>(result);
}

/** A page of groups by keyset, for cursors (RFC 9865); see {@link keysetRows}. */
export function keysetGroups(db: Knex, tenantId: string, query: KeysetQuery): Promise<KeysetPage<GroupRow>> {
  return keysetRows<GroupRow>(db, 'scim_groups', tenantId, GROUP_COLUMNS, query);
}

/** A page of groups; see {@link listRows}. */
export function listGroups(db: Knex, tenantId: string, query: StoreListQuery): Promise<StorePage<GroupRow>> {
  return listRows<GroupRow>(db, 'scim_groups', tenantId, GROUP_COLUMNS, query);
}

/**
 * Bumps the revision of groups whose member list changed without their document changing (a member was deleted),
 * so their ETag moves with what a client sees.
 */
export async function touchGroups(db: Knex, tenantId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db('scim_groups')
    .where({ tenant_id: tenantId })
    .whereIn('id', [...new Set(ids)])
    .update({ revision: db.raw('revision + 1'), last_modified: db.raw("greatest(now(), last_modified + interval '1 microsecond')") });
}
