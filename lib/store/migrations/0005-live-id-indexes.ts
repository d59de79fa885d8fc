/**
 * Lookups by id, which every read and write of one user or group makes, must use an index on the id whatever
 * PostgreSQL's statistics say. On a table autovacuum has not analysed yet (a new directory that an identity
 * provider is filling) or for a tenant the last ANALYZE did not see, the planner estimates about one row for
 * `tenant_id = ?` and rates every index leading with `tenant_id` alike; the tie went to the partial indexes (their
 * `deleted_at is null` predicate saves a filter) or to the newest index, and each lookup read all of the tenant's
 * rows (a cost per request growing with the directory). 0004's
 * `(tenant_id, seq) where deleted_at is null` made that likelier and goes again; the full `(tenant_id, seq)` index
 * of 0001 comes back for creation-order paging.
 *
 * The id index is `(tenant_id, id) where deleted_at is null and revision > 0`, and lookups by id state both
 * conditions (`revision` starts at 1, so the second is always true; see live-id-condition.ts). Its predicate then
 * saves more filtering than any other index's, so the planner takes it under any statistics, while queries that do
 * not state `revision > 0` (a userName lookup, a count) cannot use it and keep their own indexes instead of tying
 * with it. Counts of a tenant's live rows use the partial userName / displayName indexes (index-only).
 * Runs on PostgreSQL and PGlite.
 */
import type { Knex } from 'knex';

const UP: readonly string[] = [
  'create unique index if not exists scim_users_live_id on scim_users (tenant_id, id) where deleted_at is null and revision > 0',
  'create unique index if not exists scim_groups_live_id on scim_groups (tenant_id, id) where deleted_at is null and revision > 0',
  'create index if not exists scim_users_seq on scim_users (tenant_id, seq)',
  'create index if not exists scim_groups_seq on scim_groups (tenant_id, seq)',
  'drop index if exists scim_users_live_seq',
  'drop index if exists scim_groups_live_seq',
];

const DOWN: readonly string[] = [
  'create index if not exists scim_users_live_seq on scim_users (tenant_id, seq) where deleted_at is null',
  'create index if not exists scim_groups_live_seq on scim_groups (tenant_id, seq) where deleted_at is null',
  'drop index if exists scim_users_seq',
  'drop index if exists scim_groups_seq',
  'drop index if exists scim_users_live_id',
  'drop index if exists scim_groups_live_id',
];

/** Creates the live-row id indexes in place of the live-row seq indexes. */
export async function up(knex: Knex): Promise<void> {
  for (const statement of UP) await knex.raw(statement);
}

/** Back to the indexes of 0004. */
export async function down(knex: Knex): Promise<void> {
  for (const statement of DOWN) await knex.raw(statement);
}
