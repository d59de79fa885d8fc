/**
 * `scim.changes`: the durable change feed as the host reads it (DESIGN.md §3). Every mutation appends its changes
 * in its own transaction; a reader stores the cursor of the last change it processed and resumes after it, so a
 * host that was down misses nothing (at-least-once: store the cursor after processing). Retention prunes old
 * changes on an interval.
 */
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import { formatCursor } from './feed-cursor.js';
import { currentPosition, readFeed, type FeedPage, type FeedReadOptions } from './feed-reader.js';
import { ChangePruner, type ChangeRetention } from './retention.js';

/** The change feed of a directory. */
export interface ChangeFeed {
  /**
   * Committed changes after `after` (a cursor from an earlier read; default: the start of the feed), oldest first,
   * at most `limit` (default 100, at most 10 000), of one tenant or of all. Never skips a change: a change whose
   * transaction is still open is returned by a later read, after the cursor this one gave.
   */
  read(options?: FeedReadOptions): Promise<FeedPage>;
  /** The cursor of "now": reading after it returns only changes committed from now on. */
  currentCursor(): Promise<string>;
  /** Deletes what the retention option no longer keeps, now; returns the number of changes deleted. */
  prune(): Promise<number>;
}

/** The feed and its pruner. */
export interface ChangeFeedParts {
  readonly feed: ChangeFeed;
  /** Stops pruning. */
  close(): Promise<void>;
}

/** Builds the change feed of a directory instance; automatic pruning runs per `retention.pruneIntervalMs`. */
export function createChangeFeed(knex: Knex, retention: ChangeRetention, logger: ScimLogger): ChangeFeedParts {
  const pruner = new ChangePruner(knex, retention, logger);
  const feed: ChangeFeed = Object.freeze({
    read: (options?: FeedReadOptions) => readFeed(knex, options),
    currentCursor: async () => formatCursor(await currentPosition(knex)),
    prune: () => pruner.prune(),
  });
  return { feed, close: () => pruner.close() };
}
