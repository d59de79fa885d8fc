/**
 * Indexes over the live rows only. Every read of users and groups (SCIM lists, counts, paging, the admin UI)
 * filters `deleted_at is null`; the `(tenant_id, seq)` indexes of 0001 did not cover that condition, so counting a
 * tenant's users (`totalResults`, RFC 7644 §3.4.2.4) read every heap row (a sequential scan growing
 * with the directory). A partial index `(tenant_id, seq) where deleted_at is null` answers the count with an index-only scan
 * and serves the default creation order of list pages. It replaces the full `(tenant_id, seq)` index, which no
 * query needs any more, so a create still maintains the same number of indexes. Runs on PostgreSQL and PGlite.
 */
import type { Knex } from 'knex';

const UP: readonly string[] = [
  'create index if not exists scim_users_live_seq on scim_users (tenant_id, seq) where deleted_at is null',
  'create index if not exists scim_groups_live_seq on scim_groups (tenant_id, seq) where deleted_at is null',
  'drop index if exists scim_users_seq',
  'drop index if exists scim_groups_seq',
];

const DOWN: readonly string[] = [
  'create index if not exists scim_users_seq on scim_users (tenant_id, seq)',
  'create index if not exists scim_groups_seq on scim_groups (tenant_id, seq)',
  'drop index if exists scim_users_live_seq',
  'drop index if exists scim_groups_live_seq',
];

/** Creates the live-row indexes and drops the ones they replace. */
export async function up(knex: Knex): Promise<void> {
  for (const statement of UP) await knex.raw(statement);
}

/** Restores the 0001 indexes. */
export async function down(knex: Knex): Promise<void> {
  for (const statement of DOWN) await knex.raw(statement);
}
