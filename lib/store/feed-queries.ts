/**
 * Reads of the change feed `scim_changes` that never step over a change.
 *
 * `seq` is handed out at insert, not at commit, so under concurrent writers a change with a lower `seq` can commit
 * after one with a higher `seq` has been read: a reader that pages by `seq` would skip it for good. The feed is
 * therefore read in `(txid, seq)` order and only below the *horizon* `pg_snapshot_xmin(pg_current_snapshot())`,
 * the oldest transaction id still running. Every transaction that can still commit has a txid at or above the
 * horizon, so all it writes sorts after anything already read: a reader that resumes after the last position it
 * was given sees each committed change exactly once, in one order all readers share, with the changes of one
 * transaction together.
 *
 * The price: a transaction left open anywhere on the server (which holds the horizon) delays the feed until it
 * ends. Changes are never lost by it, only held back.
 */
import type { Knex } from 'knex';
import type { ChangeType } from './changes-store.js';
import { firstRow, resultRows } from './result-rows.js';

/** A position in the feed: the transaction that wrote a change, then the change's sequence number. */
export interface FeedPosition {
  /** Transaction id (xid8) as decimal text: it can exceed 2^53. */
  readonly txid: string;
  /** Sequence number as decimal text. */
  readonly seq: string;
}

/** A feed row as read, numbers as decimal text. */
export interface FeedRow {
  readonly tenant_id: string;
  readonly seq: string;
  readonly txid: string;
  readonly at: Date;
  readonly type: ChangeType;
  readonly resource_type: 'User' | 'Group';
  readonly resource_id: string;
  readonly data: Record<string, unknown> | null;
}

/** Committed changes after `position`, below the horizon, in feed order; of one tenant or of all. */
export async function selectFeedRows(db: Knex, position: FeedPosition, limit: number, tenantId?: string): Promise<FeedRow[]> {
  const bindings: Knex.RawBinding[] = [position.txid, position.seq];
  if (tenantId !== undefined) bindings.push(tenantId);
  bindings.push(limit);
  const result = await db.raw(
    // Ordered by the table's columns (c.txid, c.seq), not the text aliases of the same names.
    `select c.tenant_id, c.seq::text as seq, c.txid::text as txid, c.at, c.type, c.resource_type, c.resource_id::text as resource_id, c.data
       from scim_changes c
      where (c.txid, c.seq) > (?::xid8, ?::bigint)
        and c.txid < pg_snapshot_xmin(pg_current_snapshot())
        ${tenantId !== undefined ? 'and c.tenant_id = ?' : ''}
      order by c.txid, c.seq
      limit ?`,
    bindings,
  );
  return resultRows<FeedRow>(result);
}

/** The horizon now, as decimal text: every transaction that can still commit has a txid at or above it. */
export async function feedHorizon(db: Knex): Promise<string | undefined> {
  const result = await db.raw(`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`);
  return firstRow<{ horizon: string }>(result)?.horizon;
}

/**
 * True when committed changes after `position` wait above the horizon (a transaction that is still open holds them
 * back), so a reader that has caught up should look again soon.
 */
export async function changesHeldBack(db: Knex, position: FeedPosition): Promise<boolean> {
  const result = await db.raw(
    `select exists (
       select 1 from scim_changes
        where (txid, seq) > (?::xid8, ?::bigint) and txid >= pg_snapshot_xmin(pg_current_snapshot())
     ) as held`,
    [position.txid, position.seq],
  );
  return firstRow<{ held: boolean }>(result)?.held === true;
}
