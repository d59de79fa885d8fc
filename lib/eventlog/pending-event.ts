/**
 * An event as the event-log writer buffers it before the flush builds its record.
 */
import type { EventRecord } from '../store/event-log-records.js';

/**
 * An event as the writer buffers it: what the flush needs to choose it (tenant, log size), what it holds in memory,
 * and how to build the {@link EventRecord}. Building is deferred because most buffered events are never written: a
 * flush keeps only each tenant's newest `keep` (see `newestPerTenant`), so under load the redaction and body text of
 * the others would be work thrown away.
 */
export interface PendingEvent {
  readonly tenantId: string;
  /** How many events the tenant keeps. */
  readonly keep: number;
  /** Estimated bytes held until the flush, for the buffer's byte bound. */
  readonly size: number;
  /** Builds the stored record; called once, at flush time, and only for an event that will be written. */
  toRecord(): EventRecord;
}

/** Rough memory cost of a record, for the buffer's byte bound (UTF-16 strings: 2 bytes a character). */
export function recordSize(record: EventRecord): number {
  return 256 + 2 * (record.path.length + (record.query?.length ?? 0) + (record.userAgent?.length ?? 0) + (record.requestBody?.length ?? 0) + (record.responseBody?.length ?? 0));
}

/** A record that is already built, as a {@link PendingEvent}. */
export function builtEvent(record: EventRecord): PendingEvent {
  return { tenantId: record.tenantId, keep: record.keep, size: recordSize(record), toRecord: () => record };
}
