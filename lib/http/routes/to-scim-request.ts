/**
 * Express request → {@link ScimRequest}: the authenticated tenant, the absolute base URL (`publicUrl` option, or
 * the request's protocol and host), single-valued query parameters, the conditional headers and a body of sane depth.
 */
import type { Request, Response } from 'express';
import type { ResolvedOptions } from '../../options.js';
import type { ScimRequest } from '../../provisioning/scim-exchange.js';
import { scimContext } from '../request-context.js';
import { unauthorized } from '../authenticate.js';
import { clientDeparture } from '../client-departure.js';
import { assertBodyDepth } from './body-depth.js';
import { detectProviderName } from '../../scim/dialects/provider-detection.js';

function singleValued(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    // Repeated parameters: the first one wins (ScimRequest contract). Nested objects (`a[b]=c`) are not SCIM.
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}

/**
 * The absolute URL of the tenant's SCIM API for `meta.location` and `Location` (RFC 7644 §3.1 "absolute URI").
 * Behind a proxy either set `publicUrl` or the host app's `trust proxy`.
 */
export function tenantBaseUrl(req: Request, options: ResolvedOptions, tenantId: string, basePath: string): string {
  if (options.publicUrl) return `${options.publicUrl}/${encodeURIComponent(tenantId)}/v2`;
  return `${requestProtocol(req)}://${req.headers.host ?? 'localhost'}${basePath}`.replace(/\/+$/, '');
}

/**
 * `req.protocol`, without its proxy check when there is no `X-Forwarded-Proto` to believe: the answer is then the
 * socket's either way, and the check parses the peer address against the `trust proxy` list on every request.
 */
function requestProtocol(req: Request): string {
  if (req.headers['x-forwarded-proto'] === undefined) return 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  return req.protocol;
}

/** Builds the framework-free request of an authenticated SCIM request. */
export function toScimRequest(req: Request, res: Response, options: ResolvedOptions): ScimRequest {
  const context = scimContext(res);
  if (!context.authenticated || !context.tenant) throw unauthorized();
  assertBodyDepth(req.body);
  const ifMatch = req.get('if-match');
  const ifNoneMatch = req.get('if-none-match');
  const userAgent = req.get('user-agent');
  return {
    tenant: context.tenant,
    baseUrl: tenantBaseUrl(req, options, context.tenant.id, context.basePath),
    query: singleValued(req.query),
    body: req.body as unknown,
    client: clientDeparture(res),
    sender: { provider: detectProviderName(userAgent) ?? userAgent?.slice(0, 200), credential: context.credential?.name },
    ...(context.ignoredAttributes ? { ignoredAttributes: context.ignoredAttributes } : {}),
    ...(ifMatch !== undefined ? { ifMatch } : {}),
    ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}),
  };
}
