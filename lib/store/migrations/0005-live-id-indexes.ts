/**
 * Lookups by id, which every read and write makes (`tenant_id = ? and id = ? and deleted_at is null`), should use
 * an index on the id. On a table autovacuum has not analysed since it started to fill (a new directory that an
 * identity provider is provisioning), the planner estimates about one row for `tenant_id = ?`, rates every index
 * leading with `tenant_id` alike, and took the partial ones (whose `deleted_at is null` predicate saves a filter):
 * `(tenant_id, seq) where deleted_at is null` of 0004, or the userName index. Each lookup then read all of the
 * tenant's rows (measured: 3 ms per PUT at 3 000 users, growing with the directory).
 *
 * A partial unique index on `(tenant_id, id) where deleted_at is null` matches both the id and the predicate, so
 * the planner takes it with or without statistics. The `(tenant_id, seq) where deleted_at is null` index of 0004
 * ties with it on a table without statistics, so it goes, and the full `(tenant_id, seq)` index of 0001 comes back
 * for creation-order paging; the new index answers `count(*)` of a tenant's live rows (`totalResults`) with an
 * index-only scan, which is what 0004 was for.
 *
 * Not covered: a tenant that an analysed table's statistics do not know yet still gets an estimate of about one
 * row, and the planner may then pick any index leading with `tenant_id` until autovacuum analyses the table again
 * (as before 0004). Runs on PostgreSQL and PGlite.
 */
import type { Knex } from 'knex';

const UP: readonly string[] = [
  'create unique index if not exists scim_users_live_id on scim_users (tenant_id, id) where deleted_at is null',
  'create unique index if not exists scim_groups_live_id on scim_groups (tenant_id, id) where deleted_at is null',
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
