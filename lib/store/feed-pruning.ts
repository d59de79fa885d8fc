/**
 * Deleting old changes from the feed `scim_changes`: rows older than an age, and beyond the newest N of a tenant.
 * Deletes run in batches of short statements, each its own transaction, so pruning a large backlog never holds
 * locks or the feed's horizon (see feed-queries.ts) for long. Several instances may prune at once: they delete the
 * same rows and the later ones find nothing left.
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from './result-rows.js';

/** What the feed keeps. */
export interface FeedLimits {
  /** Changes older than this, in ms, go. */
  readonly maxAgeMs: number;
  /** Only the newest this many changes of each tenant stay; undefined: no count limit. */
  readonly maxRowsPerTenant: number | undefined;
}

const BATCH = 5000;

async function deleteInBatches(db: Knex, select: string, bindings: readonly Knex.RawBinding[]): Promise<number> {
  let total = 0;
  for (;;) {
    // The count as a selected row rather than the driver's rowCount, which a host's postProcessResponse may drop.
    const result = await db.raw(
      `with d as (delete from scim_changes where (tenant_id, seq) in (${select} limit ${BATCH}) returning 1) select count(*) as deleted from d`,
      [...bindings],
    );
    const deleted = Number(firstRow<{ deleted: string | number }>(result)?.deleted ?? 0);
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/** Deletes what `limits` no longer keeps; returns the number of changes deleted. */
export async function pruneChanges(db: Knex, limits: FeedLimits): Promise<number> {
  let deleted = await deleteInBatches(db, `select tenant_id, seq from scim_changes where at < now() - ? * interval '1 millisecond'`, [limits.maxAgeMs]);
  if (limits.maxRowsPerTenant !== undefined) {
    const tenants = resultRows<{ tenant_id: string }>(await db('scim_tenants').select('tenant_id'));
    for (const { tenant_id: tenantId } of tenants) {
      // The oldest change still kept; everything before it in feed order goes.
      const result = await db.raw(
        `select c.txid::text as txid, c.seq::text as seq from scim_changes c where c.tenant_id = ?
          order by c.txid desc, c.seq desc offset ? limit 1`,
        [tenantId, limits.maxRowsPerTenant - 1],
      );
      const oldestKept = firstRow<{ txid: string; seq: string }>(result);
      if (!oldestKept) continue;
      deleted += await deleteInBatches(db, `select tenant_id, seq from scim_changes where tenant_id = ? and (txid, seq) < (?::xid8, ?::bigint)`, [
        tenantId,
        oldestKept.txid,
        oldestKept.seq,
      ]);
    }
  }
  return deleted;
}
