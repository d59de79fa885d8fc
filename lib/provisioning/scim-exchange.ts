/**
 * The framework-free shape of a SCIM exchange: `http/` turns an Express request into a {@link ScimRequest}, the
 * use cases in `provisioning/` answer with a {@link ScimResponse}, and `http/` writes it.
 */
import type { ClientDeparture } from '../store/cancellable-search.js';
import type { Tenant } from '../tenants/types.js';

/** A SCIM request after authentication and body parsing. */
export interface ScimRequest {
  /** The authenticated tenant (its settings included). */
  readonly tenant: Tenant;
  /** Absolute base URL of this tenant's SCIM API, e.g. `https://host/scim/zbs848185728/v2` (no trailing slash). */
  readonly baseUrl: string;
  /** Query parameters, single-valued (the first one wins when repeated). */
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined when there is none. */
  readonly body: unknown;
  /** `If-Match` header, verbatim. */
  readonly ifMatch?: string;
  /** `If-None-Match` header, verbatim. */
  readonly ifNoneMatch?: string;
  /** Who sent it: the provider its User-Agent names and its credential's name (the deprovisioning guard shows them). */
  readonly sender?: { readonly provider?: string | undefined; readonly credential?: string | undefined };
  /** Where a use case names the extension attributes it ignored, for the event log; absent outside HTTP. */
  readonly ignoredAttributes?: string[];
  /** Tells whether the HTTP client has gone; searches are cancelled when it goes. Absent outside HTTP. */
  readonly client?: ClientDeparture;
}

/** What a use case answers. */
export interface ScimResponse {
  readonly status: number;
  /** JSON body; undefined for 204/304, and when the body is {@link ScimResponse.stream}ed. */
  readonly body?: unknown;
  /**
   * A JSON body too large to hold in memory (a group with 100 000 members), as text pieces in order. The HTTP
   * edge writes each piece as it comes and pulls the next only when the client has taken the last, so reads from
   * the database are paced by the client. Set instead of `body`; iterable once.
   */
  readonly stream?: AsyncIterable<string>;
  /** `Location` header: absolute URL of a created resource. */
  readonly location?: string;
  /** `ETag` header, e.g. `W/"3"`. */
  readonly etag?: string;
}
