/**
 * The event log's records as the store writes and reads them: one recorded SCIM request (EventRecord), and a stored
 * event as listed (EventSummary) or opened (EventDetail).
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
  /** The name of the credential that authenticated the request (or the OAuth client that asked for a token). */
  readonly credentialName?: string | undefined;
  /** Its kind: `token`, `oauth_access` or `oauth_client`. */
  readonly credentialKind?: string | undefined;
  /** Extension attributes the request carried that the tenant's schemas do not define, ignored. */
  readonly ignoredAttributes?: readonly string[];
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
  /** The name of the credential that authenticated the request, when one did. */
  readonly credentialName: string | null;
  /** Its kind: `token`, `oauth_access` or `oauth_client`. */
  readonly credentialKind: string | null;
}

/** A stored event with its bodies. */
export interface EventDetail extends EventSummary {
  readonly requestBody: string | null;
  readonly responseBody: string | null;
  /** Extension attributes the request carried that were ignored (unknown to the tenant's schemas). */
  readonly ignoredAttributes: readonly string[];
}
