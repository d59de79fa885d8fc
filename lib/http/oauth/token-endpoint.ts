/**
 * The token endpoint of a tenant, `POST <mount>/<tenant-id>/oauth/token` (RFC 6749 §3.2): the client credentials
 * grant (§4.4) for a client that authenticates with `client_secret_basic`, `client_secret_post`, or a client
 * assertion signed by an issuer the tenant trusts (RFC 7523 §2.2, workload identity federation). The body is
 * form-encoded; answers are JSON and never cached (§5.1, §5.2). Every request to a known tenant takes one from the
 * tenant's token-endpoint rate limit before anything else (see rate-limit.ts), so failed requests are limited too and
 * secrets cannot be guessed faster than the tenant's rate; an empty bucket answers 429 with `Retry-After` and
 * `temporarily_unavailable`. Every request to a known tenant goes to its event log with the client's name and the
 * reason of a refusal, never with a secret or a token.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { EventRecord } from '../../store/event-log-records.js';
import type { ScimLogger } from '../../logger.js';
import { JWT_BEARER_ASSERTION, type FederatedTrustsService } from '../../tenants/federated-trusts-service.js';
import type { OAuthClientsService, TokenGrant } from '../../tenants/oauth-clients-service.js';
import type { TenantsService } from '../../tenants/tenants-service.js';
import type { Tenant } from '../../tenants/types.js';
import type { RateLimiter } from '../rate-limit.js';
import { clientCredentials, formParameters } from './client-credentials.js';
import { noStore, OAuthError, sendOAuthError } from './oauth-error.js';

/** What the token endpoint needs. */
export interface TokenEndpointParts {
  readonly clients: OAuthClientsService;
  /** Workload identity federation; absent: client assertions are refused. */
  readonly trusts?: FederatedTrustsService;
  readonly tenants: TenantsService;
  readonly logger: ScimLogger;
  /** Receives the event of each request to a known tenant (the event log's writer). */
  readonly recordEvent?: (event: EventRecord) => void;
  /** The tenants' rate limits (the SCIM router's limiter); absent: token requests are not limited. */
  readonly rateLimiter?: Pick<RateLimiter, 'take'>;
}

/** Takes the request from the tenant's token-endpoint bucket, or refuses it with 429 and `Retry-After`. */
function admitTokenRequest(parts: TokenEndpointParts, tenant: Tenant, res: Response): void {
  const retryAfter = parts.rateLimiter?.take(tenant, 'token');
  if (retryAfter === undefined) return;
  res.setHeader('Retry-After', String(retryAfter));
  const { rateLimitPerSecond, rateLimitBurst } = tenant.settings;
  throw new OAuthError(
    'temporarily_unavailable',
    `Rate limit of this directory's token endpoint exceeded: ${rateLimitPerSecond} requests per second with a burst of ${rateLimitBurst}. Retry after ${retryAfter} s.`,
  );
}

const FORM = 'application/x-www-form-urlencoded';
const parseForm = express.urlencoded({ extended: false, limit: '16kb', type: FORM, parameterLimit: 50 });

/** Runs the form parser, turning its failures (too large, bad charset, malformed) into `invalid_request`. */
function readForm(req: Request, res: Response): Promise<Record<string, string>> {
  if (!req.is(FORM)) {
    return Promise.reject(new OAuthError('invalid_request', `The token request must be sent as ${FORM} (RFC 6749 §4.4.2).`));
  }
  return new Promise((resolve, reject) => {
    parseForm(req, res, (error?: unknown) => {
      if (error) {
        const detail = error instanceof Error ? error.message : 'unreadable body';
        reject(new OAuthError('invalid_request', `The form body could not be read: ${detail}.`));
        return;
      }
      try {
        resolve(formParameters(req.body));
      } catch (refusal) {
        reject(refusal);
      }
    });
  });
}

/** The refusal a failed grant gets. */
function refusal(grant: Exclude<TokenGrant, { ok: true }>, clientId: string): OAuthError {
  const id = JSON.stringify(clientId.slice(0, 80));
  switch (grant.reason) {
    case 'unknown_client':
      return new OAuthError('invalid_client', `Client authentication failed: this directory has no active client ${id}.`);
    case 'wrong_secret':
      return new OAuthError('invalid_client', `Client authentication failed: the secret of client ${id} is wrong, expired or revoked.`);
    case 'tenant_disabled':
      return new OAuthError('invalid_grant', 'The directory is disabled: no access token is issued until an administrator enables it.');
    default:
      return new OAuthError('invalid_client', 'Client authentication failed.');
  }
}

/** What the endpoint learned about a request, for the event log. */
interface Seen {
  client?: { readonly method: string; readonly clientId: string | undefined };
  clientName?: string;
  credentialKind?: string;
  grantType?: string;
}

/** A client assertion (RFC 7523 §2.2) checked against the tenant's trusts; answers like {@link grantToken}. */
async function assertionGrant(parts: TokenEndpointParts, tenant: Tenant | undefined, params: Record<string, string>, seen: Seen): Promise<Record<string, unknown>> {
  if (params.client_assertion_type !== JWT_BEARER_ASSERTION) {
    throw new OAuthError('invalid_request', `client_assertion_type must be ${JWT_BEARER_ASSERTION} (RFC 7523 §2.2).`);
  }
  if (!params.client_assertion) throw new OAuthError('invalid_request', 'The client_assertion parameter is missing.');
  if (!parts.trusts || !tenant) throw new OAuthError('invalid_client', 'Client authentication failed.');
  const check = await parts.trusts.check(tenant.id, params.client_assertion, params.client_id);
  if (!check.ok) throw new OAuthError('invalid_client', `Client authentication failed: ${check.reason}.`);
  seen.clientName = check.trust.name;
  seen.credentialKind = 'federated_trust';
  if (!tenant.enabled) throw new OAuthError('invalid_grant', 'The directory is disabled: no access token is issued until an administrator enables it.');
  const issued = await parts.clients.issueAccessToken(tenant.id, check.trust.id, check.trust.name);
  return { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresInSeconds };
}

/** Checks the request and answers with an access token or an OAuthError (thrown). */
async function grantToken(parts: TokenEndpointParts, req: Request, res: Response, tenant: Tenant | undefined, tenantId: string, seen: Seen): Promise<Record<string, unknown>> {
  const params = await readForm(req, res);
  seen.grantType = params.grant_type;
  const client = clientCredentials(req.get('authorization'), params);
  const assertion = params.client_assertion_type !== undefined || params.client_assertion !== undefined;
  if (client) seen.client = client;
  else if (assertion) seen.client = { method: 'client_assertion', clientId: params.client_id };
  if (!params.grant_type) throw new OAuthError('invalid_request', 'The grant_type parameter is missing; this endpoint serves grant_type=client_credentials.');
  if (params.grant_type !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', `grant_type ${JSON.stringify(params.grant_type.slice(0, 80))} is not supported; use client_credentials.`);
  }
  if (client && assertion) throw new OAuthError('invalid_request', 'The client authenticated twice (a secret and a client assertion); use one method (RFC 6749 §2.3).');
  if (assertion) return assertionGrant(parts, tenant, params, seen);
  if (!client) {
    throw new OAuthError('invalid_client', 'Client authentication failed: send the client id and secret as HTTP Basic or as client_id and client_secret.');
  }
  const grant = await parts.clients.grant(tenantId, client.clientId, client.clientSecret);
  if (!grant.ok) throw refusal(grant, client.clientId);
  seen.clientName = grant.clientName;
  seen.credentialKind = 'oauth_client';
  return { access_token: grant.accessToken, token_type: 'Bearer', expires_in: grant.expiresInSeconds };
}

/** Builds the token endpoint's router, mounted at `/:tenantId/oauth/token` with merged params. */
export function createTokenEndpoint(parts: TokenEndpointParts): Router {
  const router = express.Router({ mergeParams: true });
  router.post('/', async (req, res) => {
    const startedAt = Date.now();
    const tenantId = String((req.params as Record<string, string>).tenantId);
    const seen: Seen = {};
    let tenant: Tenant | undefined;
    let answer: { status: number; body: Record<string, unknown>; reason?: string };
    try {
      tenant = await parts.tenants.get(tenantId);
      if (tenant) admitTokenRequest(parts, tenant, res);
      const body = await grantToken(parts, req, res, tenant, tenantId, seen);
      noStore(res);
      res.status(200).json(body);
      answer = { status: 200, body: { ...body, access_token: '[redacted]' } };
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendOAuthError(res, error);
      answer = { status: error.status, body: error.body(), reason: error.description };
    }
    if (!tenant) return;
    parts.logger.info('oauth token request', { tenantId, status: answer.status, clientId: seen.client?.clientId, error: answer.body.error });
    parts.recordEvent?.(tokenEvent(req, tenant, startedAt, answer.status, seen, answer.body));
  });
  router.all('/', (_req, res) => {
    res.setHeader('Allow', 'POST');
    sendOAuthError(res, new OAuthError('invalid_request', 'The token endpoint takes POST only (RFC 6749 §3.2).'), 405);
  });
  return router;
}

/** The event log's record of a token request: the client and grant type, never a secret or a token. */
function tokenEvent(
  req: Request,
  tenant: Tenant,
  startedAt: number,
  status: number,
  seen: Seen,
  responseBody: Record<string, unknown>,
): EventRecord {
  const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
  const request = {
    grant_type: seen.grantType?.slice(0, 200),
    client_id: seen.client?.clientId?.slice(0, 200),
    client_authentication: seen.client?.method,
  };
  const userAgent = req.get('user-agent');
  return {
    tenantId: tenant.id,
    at: new Date(startedAt),
    requestId: randomUUID(),
    method: 'POST',
    path: path.slice(0, 512),
    query: undefined,
    status,
    durationMs: Date.now() - startedAt,
    provider: undefined,
    userAgent: userAgent?.slice(0, 512),
    resourceType: 'oauth',
    resourceId: undefined,
    requestBody: JSON.stringify(request),
    responseBody: JSON.stringify(responseBody),
    credentialName: seen.clientName,
    credentialKind: seen.clientName === undefined ? undefined : seen.credentialKind,
    keep: tenant.settings.eventLogSize,
  };
}
