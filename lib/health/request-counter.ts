/**
 * Counts each tenant's SCIM requests by hour in memory and adds them to `scim_request_counts` in batches, so every
 * instance's requests show in the shared health state and charts without a write per request. A flush sends one
 * upsert for everything counted since the last one and, once an hour per tenant, prunes that tenant's rows older
 * than {@link COUNT_RETENTION_MS}. Memory is bounded by {@link RequestCounterOptions.maxEntries} (tenant-hours);
 * past it further requests are not counted until the next flush, and the loss is counted and logged.
 */
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import { addRequestCounts, pruneRequestCounts, type RequestCountDelta } from '../store/request-counts-store.js';

const HOUR_MS = 60 * 60 * 1000;

/** How long hourly counts are kept: the daily chart's 30 days and the day in progress. */
export const COUNT_RETENTION_MS = 31 * 24 * HOUR_MS;

/** Tuning of the counter. */
export interface RequestCounterOptions {
  /** How long counts may wait in memory before they are written, in ms. Default 5 000. */
  readonly flushMs?: number;
  /** Most tenant-hours held between flushes. Default 50 000. */
  readonly maxEntries?: number;
}

/** Counters for `/metrics` and tests. */
export interface RequestCounterStats {
  /** Flushes that failed (their counts are lost; the failure is logged). */
  readonly failedFlushes: number;
  /** Requests not counted because the buffer was full. */
  readonly dropped: number;
}

type Entry = { -readonly [K in keyof RequestCountDelta]: RequestCountDelta[K] };

/** The buffered writer of the hourly request counters. */
export class RequestCounter {
  private entries = new Map<string, Entry>();
  private readonly prunedHour = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private failedFlushes = 0;
  private dropped = 0;
  private droppedReported = 0;
  private readonly flushMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly knex: Knex,
    private readonly logger: ScimLogger,
    options: RequestCounterOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 5000;
    this.maxEntries = Math.max(1, options.maxEntries ?? 50_000);
  }

  /** Counts one finished request. Never throws and never waits. */
  record(tenantId: string, status: number, provider: string | undefined, atMs = Date.now()): void {
    const hourMs = atMs - (atMs % HOUR_MS);
    const key = `${tenantId}\u0000${hourMs}`;
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.maxEntries) {
        this.dropped++;
        return;
      }
      entry = { tenantId, hour: new Date(hourMs), requests: 0, errors: 0, clientErrors: 0, serverErrors: 0, lastRequestAt: new Date(atMs), lastSuccessAt: undefined, provider: undefined };
      this.entries.set(key, entry);
    }
    entry.requests++;
    if (status >= 400) entry.errors++;
    if (status >= 400 && status < 500) entry.clientErrors++;
    if (status >= 500) entry.serverErrors++;
    if (atMs >= entry.lastRequestAt.getTime()) entry.lastRequestAt = new Date(atMs);
    if (status < 400 && (!entry.lastSuccessAt || atMs >= entry.lastSuccessAt.getTime())) entry.lastSuccessAt = new Date(atMs);
    if (provider) entry.provider = provider;
    if (!this.timer && this.flushMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes everything counted so far; resolves when it is in the database. Failures are logged, not thrown. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** Flushes; for shutdown. */
  close(): Promise<void> {
    return this.flush();
  }

  /** Current counters. */
  stats(): RequestCounterStats {
    return { failedFlushes: this.failedFlushes, dropped: this.dropped };
  }

  private async write(): Promise<void> {
    const deltas = [...this.entries.values()];
    this.entries = new Map();
    if (this.dropped > this.droppedReported) {
      this.logger.warn('request counter buffer was full; some requests were not counted', { dropped: this.dropped - this.droppedReported });
      this.droppedReported = this.dropped;
    }
    if (deltas.length === 0) return;
    const nowHour = Math.floor(Date.now() / HOUR_MS);
    const toPrune = [...new Set(deltas.map((d) => d.tenantId))].filter((t) => this.prunedHour.get(t) !== nowHour);
    try {
      await addRequestCounts(this.knex, deltas);
      if (toPrune.length > 0) {
        await pruneRequestCounts(this.knex, toPrune, new Date(Date.now() - COUNT_RETENTION_MS));
        if (this.prunedHour.size > this.maxEntries) this.prunedHour.clear();
        for (const t of toPrune) this.prunedHour.set(t, nowHour);
      }
    } catch (error) {
      this.failedFlushes++;
      this.logger.error('writing the request counters failed', { entries: deltas.length, error: String(error) });
    }
  }
}
