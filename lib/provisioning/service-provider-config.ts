/**
 * The `/ServiceProviderConfig` resource (RFC 7643 §5, RFC 7644 §4): exactly what this directory supports.
 */
import type { ScimResource } from '../scim/schema/types.js';

/** The ServiceProviderConfig schema URN (RFC 7643 §8.5). */
export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

/** Bulk limits when the Bulk endpoint exists (RFC 7644 §3.7); absent: bulk is advertised as unsupported. */
export interface BulkSupport {
  readonly maxOperations: number;
  readonly maxPayloadSize: number;
}

/** Paging as RFC 9865 §4 advertises it: both methods, index by default (what existing clients expect). */
export interface PaginationSupport {
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** Seconds a cursor is accepted after it was issued. */
  readonly cursorTimeout: number;
}

/** What the configuration reports. */
export interface ServiceProviderFeatures {
  /** `filter.maxResults`: the largest page a list returns (option `maxPageSize`). */
  readonly maxResults: number;
  readonly bulk?: BulkSupport;
  /** Cursor paging (RFC 9865); absent: only index paging is advertised. */
  readonly pagination?: PaginationSupport;
  /** The tenant has a live OAuth client or federation trust: the client credentials grant is listed too. */
  readonly oauthClients?: boolean;
}

/** The token endpoint of the tenant whose SCIM base is `baseUrl` (`…/<tenant-id>/v2` → `…/<tenant-id>/oauth/token`). */
export function tokenEndpointOf(baseUrl: string): string {
  return baseUrl.replace(/\/v2$/, '') + '/oauth/token';
}

/** The ServiceProviderConfig resource for the tenant API at `baseUrl`. */
export function serviceProviderConfig(baseUrl: string, features: ServiceProviderFeatures): ScimResource {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: features.bulk
      ? { supported: true, maxOperations: features.bulk.maxOperations, maxPayloadSize: features.bulk.maxPayloadSize }
      : { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: features.maxResults },
    // This directory stores no passwords (RFC 7643 §4.1.1 password is accepted and dropped).
    changePassword: { supported: false },
    sort: { supported: true },
    // RFC 9865 §4: both paging methods; index stays the default, as RFC 9865 asks of providers that had it.
    ...(features.pagination
      ? {
          pagination: {
            cursor: true,
            index: true,
            defaultPaginationMethod: 'index',
            defaultPageSize: features.pagination.defaultPageSize,
            maxPageSize: features.pagination.maxPageSize,
            cursorTimeout: features.pagination.cursorTimeout,
          },
        }
      : {}),
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'A bearer token issued for this tenant, sent as "Authorization: Bearer <token>".',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
      ...(features.oauthClients
        ? [
            {
              type: 'oauth2',
              name: 'OAuth 2.0 client credentials',
              description: `An access token from ${tokenEndpointOf(baseUrl)} (grant_type=client_credentials; client_secret_basic, client_secret_post, or a client assertion of a trusted issuer as RFC 7523 says), sent as "Authorization: Bearer <token>".`,
              specUri: 'https://www.rfc-editor.org/info/rfc6749',
              primary: false,
            },
          ]
        : []),
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}
