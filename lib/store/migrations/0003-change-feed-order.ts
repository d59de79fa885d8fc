/**
 * The change feed's reading order. `scim_changes.seq` is an identity: it is handed out when a row is inserted, not
 * when its transaction commits, so a reader paging with "seq after the last one I saw" can step over a row whose
 * transaction was still open (it commits later with a lower seq) and never see it. Each row therefore also records
 * its transaction id (`txid`, a 64-bit xid8 that never wraps). The feed is read in `(txid, seq)` order and only
 * up to the oldest transaction still open (`pg_snapshot_xmin(pg_current_snapshot())`): every transaction that can
 * still commit has a txid at or above that horizon, so everything it writes sorts after whatever a reader has
 * already been given. See lib/changes/feed-reader.ts.
 *
 * Also indexes `at` for retention pruning. The global `(seq)` index is replaced by `(txid, seq)`, the order the
 * feed is read in; the per-tenant read uses `(tenant_id, txid, seq)`, which leads with the tenant like every
 * index here. Runs unchanged on PostgreSQL (13 or later) and PGlite.
 */
import type { Knex } from 'knex';

const UP: readonly string[] = [
  'alter table scim_changes add column txid xid8 not null default pg_current_xact_id()',
  'create index scim_changes_feed on scim_changes (txid, seq)',
  'create index scim_changes_tenant_feed on scim_changes (tenant_id, txid, seq)',
  'create index scim_changes_at on scim_changes (at)',
  'drop index if exists scim_changes_seq',
];

const DOWN: readonly string[] = [
  'create index if not exists scim_changes_seq on scim_changes (seq)',
  'drop index if exists scim_changes_at',
  'drop index if exists scim_changes_tenant_feed',
  'drop index if exists scim_changes_feed',
  'alter table scim_changes drop column if exists txid',
];

/** Adds `txid` and the feed indexes. */
export async function up(knex: Knex): Promise<void> {
  for (const statement of UP) await knex.raw(statement);
}

/** Removes them again. */
export async function down(knex: Knex): Promise<void> {
  for (const statement of DOWN) await knex.raw(statement);
}
