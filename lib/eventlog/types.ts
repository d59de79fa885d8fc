/**
 * One recorded SCIM request as the event log keeps it.
 */

/** A SCIM request of a known tenant, ready to store (bodies already redacted and capped). */
export interface EventRecord {
  readonly tenantId: string;
  readonly at: Date;
  readonly requestId: string;
  readonly method: string;
  /** The path below the tenant's SCIM base, e.g. `/Users/2819c223-…`, or the full path when it is elsewhere. */
  readonly path: string;
  /** The raw query string without `?`, redacted; undefined when there was none. */
  readonly query: string | undefined;
  readonly status: number;
  readonly durationMs: number;
  /** The identity provider recognised from the request, e.g. `entra`; undefined when unknown. */
  readonly provider: string | undefined;
  readonly userAgent: string | undefined;
  /** First path segment: `Users`, `Groups`, `Bulk`, `Schemas`, … */
  readonly resourceType: string | undefined;
  /** The resource id from the path, or from `Location` of a create. */
  readonly resourceId: string | undefined;
  readonly requestBody: string | undefined;
  readonly responseBody: string | undefined;
  /** How many events the tenant keeps: the trim after the write uses it. */
  readonly keep: number;
}

/** A stored event as listed (no bodies). */
export interface EventSummary {
  readonly id: string;
  readonly at: Date;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly query: string | null;
  readonly status: number;
  readonly durationMs: number;
  readonly provider: string | null;
  readonly userAgent: string | null;
  readonly resourceType: string | null;
  readonly resourceId: string | null;
}

/** A stored event with its bodies. */
export interface EventDetail extends EventSummary {
  readonly requestBody: string | null;
  readonly responseBody: string | null;
}

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
