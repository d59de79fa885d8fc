/**
 * Change-feed retention: rows older than `maxAgeMs`, and beyond the newest `maxRowsPerTenant` of a tenant, are
 * deleted on an interval. Deletes run in batches of short statements, each its own transaction, so pruning a large
 * backlog never holds locks or the feed's horizon (see feed-reader.ts) for long. Several instances may prune at
 * once: they delete the same rows and the later ones find nothing left.
 */
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';

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

const BATCH = 5000;

async function deleteInBatches(db: Knex, select: string, bindings: readonly Knex.RawBinding[]): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.raw<{ rowCount: number | null }>(
      `delete from scim_changes where (tenant_id, seq) in (${select} limit ${BATCH})`,
      [...bindings],
    );
    const deleted = Number(result.rowCount ?? 0);
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/** Deletes what `retention` no longer keeps; returns the number of changes deleted. */
export async function pruneChanges(db: Knex, retention: ChangeRetention): Promise<number> {
  let deleted = await deleteInBatches(db, `select tenant_id, seq from scim_changes where at < now() - ? * interval '1 millisecond'`, [
    retention.maxAgeMs,
  ]);
  if (retention.maxRowsPerTenant !== undefined) {
    const tenants = (await db('scim_tenants').pluck('tenant_id')) as string[];
    for (const tenantId of tenants) {
      // The oldest change still kept; everything before it in feed order goes.
      const result = await db.raw<{ rows: { txid: string; seq: string }[] }>(
        `select c.txid::text as txid, c.seq::text as seq from scim_changes c where c.tenant_id = ?
          order by c.txid desc, c.seq desc offset ? limit 1`,
        [tenantId, retention.maxRowsPerTenant - 1],
      );
      const oldestKept = result.rows[0];
      if (!oldestKept) continue;
      deleted += await deleteInBatches(
        db,
        `select tenant_id, seq from scim_changes where tenant_id = ? and (txid, seq) < (?::xid8, ?::bigint)`,
        [tenantId, oldestKept.txid, oldestKept.seq],
      );
    }
  }
  return deleted;
}

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
