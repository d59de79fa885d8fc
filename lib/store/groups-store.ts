/**
 * Groups of a tenant in `scim_groups`. The document holds no members: they live in `scim_memberships` (see
 * memberships-store.ts). Every function takes the knex or transaction to run on and the tenant id.
 */
import type { Knex } from 'knex';
import { keysetRows, type KeysetPage, type KeysetQuery } from './keyset-rows.js';
import { liveIdCondition } from './live-id.js';
import { listRows, type StoreListQuery, type StorePage } from './list-rows.js';
import { RESOURCE_COLUMNS, type RowLock, type GroupRow } from './resource-row.js';

const GROUP_COLUMNS = [...RESOURCE_COLUMNS, 'display_name', 'external_id'] as const;

function keyColumns(doc: Readonly<Record<string, unknown>>): { display_name: string; display_name_key: string; external_id: string | null } {
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

/** Inserts a group (without members). A duplicate displayName raises 23505 → 409 through `withPgErrors`. */
export async function insertGroup(db: Knex, tenantId: string, id: string, doc: Readonly<Record<string, unknown>>): Promise<GroupRow> {
  const stored = groupDocument(doc);
  const [row] = await db('scim_groups')
    .insert({ tenant_id: tenantId, id, doc: JSON.stringify(stored), ...keyColumns(stored) })
    .returning([...GROUP_COLUMNS]);
  return row as GroupRow;
}

/** A group by id, or undefined, optionally locking the row until the transaction ends (see {@link RowLock}). */
export async function findGroup(db: Knex, tenantId: string, id: string, options: { lock?: RowLock } = {}): Promise<GroupRow | undefined> {
  const query = db('scim_groups').select([...GROUP_COLUMNS]).where({ tenant_id: tenantId, id }).whereRaw(liveIdCondition());
  if (options.lock === 'update') query.forUpdate();
  else if (options.lock === 'write') query.forNoKeyUpdate();
  return (await query.first()) as GroupRow | undefined;
}

/** A group by displayName, compared case-insensitively, or undefined. */
export async function findGroupByDisplayName(db: Knex, tenantId: string, displayName: string): Promise<GroupRow | undefined> {
  return (await db('scim_groups')
    .select([...GROUP_COLUMNS])
    .where({ tenant_id: tenantId, display_name_key: displayName.toLowerCase() })
    .whereNull('deleted_at')
    .first()) as GroupRow | undefined;
}

/**
 * Writes a group's document (members excluded) and bumps its revision. Also used after a members-only change, so
 * the version moves whenever the resource as a client sees it changes. Undefined when the group does not exist.
 */
export async function updateGroup(db: Knex, tenantId: string, id: string, doc: Readonly<Record<string, unknown>>): Promise<GroupRow | undefined> {
  const stored = groupDocument(doc);
  const [row] = await db('scim_groups')
    .where({ tenant_id: tenantId, id })
    .whereRaw(liveIdCondition())
    .update({
      doc: JSON.stringify(stored),
      ...keyColumns(stored),
      revision: db.raw('revision + 1'),
      last_modified: db.raw('greatest(now(), last_modified + interval \'1 microsecond\')'),
    })
    .returning([...GROUP_COLUMNS]);
  return row as GroupRow | undefined;
}

/** Deletes a group (its own member rows go with it by foreign key); returns the deleted row, or undefined. */
export async function deleteGroup(db: Knex, tenantId: string, id: string): Promise<GroupRow | undefined> {
  const [row] = await db('scim_groups').where({ tenant_id: tenantId, id }).whereRaw(liveIdCondition()).delete().returning([...GROUP_COLUMNS]);
  return row as GroupRow | undefined;
}

/**
 * Soft delete: marks a group deleted (`deleted_at`), bumping its revision; the caller removes its memberships. The
 * tombstone is skipped by every SCIM read and can still be returned by the host's read API. Returns it, or undefined.
 */
export async function tombstoneGroup(db: Knex, tenantId: string, id: string): Promise<GroupRow | undefined> {
  const [row] = await db('scim_groups')
    .where({ tenant_id: tenantId, id })
    .whereRaw(liveIdCondition())
    .update({ deleted_at: db.fn.now(), revision: db.raw('revision + 1'), last_modified: db.raw("greatest(now(), last_modified + interval '1 microsecond')") })
    .returning([...GROUP_COLUMNS]);
  return row as GroupRow | undefined;
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
    .update({
      revision: db.raw('revision + 1'),
      last_modified: db.raw("greatest(now(), last_modified + interval '1 microsecond')"),
    });
}
