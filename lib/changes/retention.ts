/**
 * Change-feed retention: rows older than `maxAgeMs`, and beyond the newest `maxRowsPerTenant` of a tenant, are
 * deleted on an interval (the deletes are store/feed-pruning.ts).
 */
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import { pruneChanges } from '../store/feed-pruning.js';

/** How long the feed keeps changes. */
export interface ChangeRetention {
  /** Changes older than this are deleted, in ms. Default 30 days. */
  readonly maxAgeMs: number;
  /** At most this many changes per tenant are kept (the newest); undefined: no count limit. Default undefined. */
  readonly maxRowsPerTenant: number | undefined;
  /** How often an instance prunes, in ms; 0 turns automatic pruning off (call `changes.prune()`). Default 1 hour. */
  readonly pruneIntervalMs: number;
}

/** The defaults of {@link ChangeRetention}. */
export const DEFAULT_RETENTION: ChangeRetention = Object.freeze({
  maxAgeMs: 30 * 24 * 60 * 60 * 1000,
  maxRowsPerTenant: undefined,
  pruneIntervalMs: 60 * 60 * 1000,
});

/** Prunes on an interval until stopped. Timers are unref'd: pruning never keeps a process alive. */
export class ChangePruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly db: Knex,
    private readonly retention: ChangeRetention,
    private readonly logger: ScimLogger,
  ) {
    if (retention.pruneIntervalMs > 0) {
      this.timer = setInterval(() => void this.prune().catch(() => undefined), retention.pruneIntervalMs);
      this.timer.unref();
    }
  }

  /** Prunes now (or joins a run in progress); returns the number of changes deleted. */
  prune(): Promise<number> {
    this.running ??= pruneChanges(this.db, this.retention)
      .then(
        (deleted) => {
          if (deleted > 0) this.logger.info('change feed pruned', { deleted });
          return deleted;
        },
        (error: unknown) => {
          this.logger.warn('pruning the change feed failed', { error: String(error) });
          throw error;
        },
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the interval and waits for a run in progress. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
