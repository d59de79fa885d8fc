/**
 * Buffers captured SCIM requests and writes them in batches, so recording a request costs the request nothing but
 * an array push. Events are buffered unbuilt ({@link PendingEvent}): the flush first picks the ones that outlive its
 * trim ({@link newestPerTenant}) and builds only those (redaction, body text), so a request whose event is never
 * stored costs neither. Memory is bounded by a count and a byte estimate: when either is exceeded the oldest
 * buffered events are dropped and counted (a log that lags is worse than one with a gap the operator is told about).
 */
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import { insertEvents, trimEvents } from '../store/event-log-store.js';
import type { EventRecord } from '../store/event-log-records.js';
import { builtEvent, type PendingEvent } from './pending-event.js';

/** Tuning of the writer; the defaults suit a busy instance. */
export interface EventLogWriterOptions {
  /** How long an event may wait in memory before it is written, in ms. Default 1000. */
  readonly flushMs?: number;
  /** Most events held in memory. Default 10 000. */
  readonly maxEvents?: number;
  /** Most estimated bytes held in memory. Default 32 MiB. */
  readonly maxBytes?: number;
  /** Events written per statement. Default 500. */
  readonly batchSize?: number;
}

/** Counters for operators and tests. */
export interface EventLogWriterStats {
  readonly buffered: number;
  readonly bufferedBytes: number;
  /** Events dropped because the buffer was full, since the writer was created. */
  readonly dropped: number;
  /** Events written, since the writer was created. */
  readonly written: number;
  /** Flushes that failed (their events are lost; the failure is logged). */
  readonly failedFlushes: number;
  /** Events that could not be built at flush time (not written; logged). */
  readonly failedEvents: number;
  /**
   * Events not written because the same flush held at least the tenant's log size of newer ones: the trim after
   * the write would have deleted them at once (see {@link newestPerTenant}).
   */
  readonly superseded: number;
}

/** The buffered, batched writer of the event log. */
export class EventLogWriter {
  private buffer: PendingEvent[] = [];
  private head = 0;
  private bytes = 0;
  private dropped = 0;
  private droppedReported = 0;
  private written = 0;
  private failedFlushes = 0;
  private failedEvents = 0;
  private superseded = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly flushMs: number;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly batchSize: number;

  constructor(
    private readonly knex: Knex,
    private readonly logger: ScimLogger,
    options: EventLogWriterOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 1000;
    this.maxEvents = Math.max(1, options.maxEvents ?? 10_000);
    this.maxBytes = Math.max(1, options.maxBytes ?? 32 * 1024 * 1024);
    this.batchSize = Math.max(1, options.batchSize ?? 500);
  }

  /** Queues a built event; written within `flushMs`. Never throws and never waits. */
  record(event: EventRecord): void {
    if (event.keep > 0) this.recordPending(builtEvent(event));
  }

  /**
   * Queues an event to be built at flush time, if it is among those written; written within `flushMs`. Never
   * throws and never waits.
   */
  recordPending(event: PendingEvent): void {
    if (event.keep <= 0) return;
    this.buffer.push(event);
    this.bytes += event.size;
    while (this.buffer.length - this.head > this.maxEvents || (this.bytes > this.maxBytes && this.buffer.length - this.head > 1)) {
      const oldest = this.buffer[this.head++] as PendingEvent;
      this.bytes -= oldest.size;
      this.dropped++;
    }
    // Compact the queue now and then instead of shifting on every drop (shift is O(n)).
    if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    if (!this.timer && this.flushMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.flushMs);
      this.timer.unref();
    } else if (this.flushMs <= 0) {
      void this.flush();
    }
  }

  /** Writes everything buffered so far; resolves when it is in the database. Failures are logged, not thrown. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // One flush at a time, in order: a later flush waits for the earlier one, so ids follow arrival order.
    this.flushing = this.flushing.then(() => this.writeBuffered());
    return this.flushing;
  }

  /**
   * Flushes; for shutdown. Events recorded afterwards (requests still in flight) are buffered as before and
   * written by the interval, if the database is still open.
   */
  async close(): Promise<void> {
    await this.flush();
  }

  /** Trims one tenant's stored log to its newest `keep` events now (after an administrator lowered the size). */
  async trim(tenantId: string, keep: number): Promise<void> {
    await trimEvents(this.knex, new Map([[tenantId, keep]]));
  }

  /** Current counters. */
  stats(): EventLogWriterStats {
    return {
      buffered: this.buffer.length - this.head,
      bufferedBytes: this.bytes,
      dropped: this.dropped,
      written: this.written,
      failedFlushes: this.failedFlushes,
      failedEvents: this.failedEvents,
      superseded: this.superseded,
    };
  }

  private async writeBuffered(): Promise<void> {
    const events = this.head === 0 ? this.buffer : this.buffer.slice(this.head);
    this.buffer = [];
    this.head = 0;
    this.bytes = 0;
    if (this.dropped > this.droppedReported) {
      this.logger.warn('event log buffer was full; oldest unwritten events were dropped', { dropped: this.dropped - this.droppedReported });
      this.droppedReported = this.dropped;
    }
    if (events.length === 0) return;
    const keep = new Map<string, number>();
    for (const event of events) keep.set(event.tenantId, event.keep);
    const kept = newestPerTenant(events, keep);
    this.superseded += events.length - kept.length;
    try {
      for (let i = 0; i < kept.length; i += this.batchSize) {
        const records = this.build(kept, i, Math.min(kept.length, i + this.batchSize));
        await insertEvents(this.knex, records);
        this.written += records.length;
      }
      await trimEvents(this.knex, keep);
    } catch (error) {
      this.failedFlushes++;
      this.logger.error('writing the event log failed', { events: events.length, error: String(error) });
    }
  }

  /** Builds the records of `events[from, to)`; one that fails to build is left out, counted and logged. */
  private build(events: readonly PendingEvent[], from: number, to: number): EventRecord[] {
    const records: EventRecord[] = [];
    let failed = 0;
    let firstError: unknown;
    for (let i = from; i < to; i++) {
      try {
        records.push((events[i] as PendingEvent).toRecord());
      } catch (error) {
        if (failed++ === 0) firstError = error;
      }
    }
    if (failed > 0) {
      this.failedEvents += failed;
      this.logger.error('building event log records failed; those events are not written', { events: failed, error: String(firstError) });
    }
    return records;
  }
}

/**
 * The events of a flush that outlive its trim: per tenant the newest `keep` (its current log size), in arrival
 * order. Under a steady load of more requests per flush interval than a tenant keeps (an import: 1 000+ requests a
 * second against the default 500), writing the older ones only to delete them in the same flush was most of the
 * event log's cost to PostgreSQL. The stored log is the same either way: the trim keeps the newest `keep` ids, and
 * these are inserted after everything older.
 */
export function newestPerTenant<E extends { readonly tenantId: string }>(events: readonly E[], keep: ReadonlyMap<string, number>): E[] {
  const remaining = new Map(keep);
  const kept: E[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as E;
    const room = remaining.get(event.tenantId) ?? 0;
    if (room <= 0) continue;
    remaining.set(event.tenantId, room - 1);
    kept.push(event);
  }
  return kept.reverse();
}
