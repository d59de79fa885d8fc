/**
 * `scim.changes.read`: pages of the change feed as typed changes with their cursors. The reads themselves, and why
 * they never step over a change, are in store/feed-queries.ts.
 */
import type { Knex } from 'knex';
import { feedHorizon, selectFeedRows, type FeedPosition, type FeedRow } from '../store/feed-queries.js';
import type { FeedChange } from './change-types.js';
import { FEED_START, formatCursor, parseCursor } from './feed-cursor.js';

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

/** Reads committed changes after a position, below the horizon (store/feed-queries.ts). */
export async function readFeedAfter(db: Knex, position: FeedPosition, limit: number, tenantId?: string): Promise<FeedChange[]> {
  return (await selectFeedRows(db, position, limit, tenantId)).map(toChange);
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
  const horizon = await feedHorizon(db);
  return horizon === undefined ? FEED_START : { txid: horizon, seq: '0' };
}
