/**
 * Reading the change feed without ever stepping over a change.
 *
 * `seq` is handed out at insert, not at commit, so under concurrent writers a change with a lower `seq` can commit
 * after one with a higher `seq` has been read: a reader that pages by `seq` would skip it for good. The feed is
 * therefore read in `(txid, seq)` order and only below the *horizon* `pg_snapshot_xmin(pg_current_snapshot())`,
 * the oldest transaction id still running. Every transaction that can still commit has a txid at or above the
 * horizon, so all it writes sorts after anything already read: a reader that resumes after the last cursor it was
 * given sees each committed change exactly once, in one order all readers share, with the changes of one
 * transaction together.
 *
 * The price: a transaction left open anywhere on the server (which holds the horizon) delays the feed until it
 * ends. Changes are never lost by it, only held back.
 */
import type { Knex } from 'knex';
import type { ChangeType } from '../store/changes-store.js';
import type { FeedChange } from './change-types.js';
import { FEED_START, formatCursor, parseCursor, type FeedPosition } from './feed-cursor.js';

/** What to read. */
export interface FeedReadOptions {
  /** Only this tenant's changes. Default: every tenant's, in one global order. */
  readonly tenantId?: string;
  /** The cursor of the last change already processed; default: the start of the feed. */
  readonly after?: string;
  /** Most changes returned, 1…10 000. Default 100. */
  readonly limit?: number;
}

/** One page of the feed. */
export interface FeedPage {
  /** Committed changes after `after`, oldest first. Fewer than `limit` means there are no more for now. */
  readonly changes: FeedChange[];
  /** Where the next read continues: the last change's cursor, or `after` itself when there were none. */
  readonly cursor: string;
}

/** The largest `limit`. */
export const MAX_FEED_LIMIT = 10_000;

interface FeedRow {
  tenant_id: string;
  seq: string;
  txid: string;
  at: Date;
  type: ChangeType;
  resource_type: 'User' | 'Group';
  resource_id: string;
  data: Record<string, unknown> | null;
}

/** The stored row as a typed change; `data` was written by the same library in the shape its type names. */
function toChange(row: FeedRow): FeedChange {
  return {
    seq: Number(row.seq),
    cursor: formatCursor({ txid: row.txid, seq: row.seq }),
    tenantId: row.tenant_id,
    at: new Date(row.at),
    type: row.type,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    data: row.data ?? {},
  } as unknown as FeedChange;
}

function checkedLimit(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_LIMIT) {
    throw new TypeError(`scim-directory: "limit" must be an integer from 1 to ${MAX_FEED_LIMIT}; got ${JSON.stringify(limit)}.`);
  }
  return limit;
}

/** Reads committed changes after a position, below the horizon (see the module comment). */
export async function readFeedAfter(db: Knex, position: FeedPosition, limit: number, tenantId?: string): Promise<FeedChange[]> {
  const bindings: Knex.RawBinding[] = [position.txid, position.seq];
  if (tenantId !== undefined) bindings.push(tenantId);
  bindings.push(limit);
  const result = await db.raw<{ rows: FeedRow[] }>(
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
  return result.rows.map(toChange);
}

/** `scim.changes.read`: a page of committed changes after `after`. */
export async function readFeed(db: Knex, options: FeedReadOptions = {}): Promise<FeedPage> {
  const position = parseCursor(options.after);
  if (options.tenantId !== undefined && typeof options.tenantId !== 'string') {
    throw new TypeError('scim-directory: "tenantId" must be a tenant id.');
  }
  const changes = await readFeedAfter(db, position, checkedLimit(options.limit), options.tenantId);
  const last = changes[changes.length - 1];
  return { changes, cursor: last ? last.cursor : formatCursor(position) };
}

/**
 * The position of "now": a reader starting here gets every change committed from here on, and none committed
 * before (apart from those of transactions still open at this moment, which commit later).
 */
export async function currentPosition(db: Knex): Promise<FeedPosition> {
  const result = await db.raw<{ rows: { horizon: string }[] }>(`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`);
  const horizon = result.rows[0]?.horizon;
  return horizon === undefined ? FEED_START : { txid: horizon, seq: '0' };
}

/**
 * True when committed changes wait above the horizon (a transaction that is still open holds them back), so a
 * reader that has caught up should look again soon.
 */
export async function changesHeldBack(db: Knex, position: FeedPosition): Promise<boolean> {
  const result = await db.raw<{ rows: { held: boolean }[] }>(
    `select exists (
       select 1 from scim_changes
        where (txid, seq) > (?::xid8, ?::bigint) and txid >= pg_snapshot_xmin(pg_current_snapshot())
     ) as held`,
    [position.txid, position.seq],
  );
  return result.rows[0]?.held === true;
}
