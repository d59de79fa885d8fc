/**
 * The SCIM API router: `/<tenant-id>/v2/...` under whatever prefix the host mounts it, built with Express routing.
 *
 * `scimRouter` (see host-middleware.ts) runs the host's middleware, then the SCIM router, then the SCIM error
 * handler. The SCIM router mounts, at `/:tenantId/v2` (Express's default matching: any case, optional trailing
 * slash, percent-decoded parameters), the request context (request id, `X-Request-Id`, tenant id, finished-request
 * listeners) followed by the tenant router; the tenant's OAuth token endpoint at `/:tenantId/oauth/token`
 * (form-encoded, OAuth errors, its own bucket of the tenant's rate limit; see oauth/token-endpoint.ts); and answers
 * any other path with a SCIM 404. The tenant router runs, in order: the `beforeRoutes` handlers (event-log
 * capture) → bearer authentication → the tenant's rate limit (see {@link createRateLimiter}) → the Bulk gate on
 * `POST /Bulk` (see {@link createBulkGate}) → the tenant's fair share of the database pool (see
 * {@link tenantFairness}: at most half the pool's connections per tenant while others wait) → the JSON body parser
 * → the rate limit's charge for a Bulk request's further operations → the endpoint routes → a SCIM 404.
 *
 * The gate sits after authentication, so an unauthenticated request neither waits for nor takes a slot; it reads a
 * Bulk body itself (with the same parser) before the request queues, so a slow sender holds no slot. Unknown
 * endpoints below a tenant are answered after authentication: a client without a valid token learns nothing about
 * the endpoints. Everything after the request context runs under the request's statement limits
 * (store/statement-limits.ts).
 */
import type { Knex } from 'knex';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { ResolvedOptions } from '../options.js';
import { notFound } from '../scim/errors.js';
import type { TenantsService } from '../tenants/tenants-service.js';
import { authenticate } from './authenticate.js';
import { createBulkGate, DEFAULT_BULK_QUEUE } from './bulk-gate.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { scimErrorHandler } from './error-handler.js';
import { routerWithHostMiddleware } from './host-middleware.js';
import { requestContext, scimContext, type FinishedRequestListener } from './request-context.js';
import { jsonBody } from './json-body.js';
import { tenantFairness } from './tenant-fairness.js';

export type { FinishedRequestListener } from './request-context.js';

/** What the router is built from. */
export interface ScimRouterParts {
  readonly options: ResolvedOptions;
  readonly tenants: TenantsService;
  /** Adds the endpoint routes to the tenant router (paths below `/<tenant-id>/v2`). */
  readonly mountRoutes: (tenantRouter: Router) => void;
  /** Called when each response below a tenant has been sent. */
  readonly onFinished?: readonly FinishedRequestListener[];
  /** Run for every request below a tenant before authentication, after the context is set (the event log's capture). */
  readonly beforeRoutes?: readonly RequestHandler[];
  /** The per-tenant rate limits (see rate-limit.ts); default a limiter of its own. */
  readonly rateLimiter?: RateLimiter;
  /** The tenant's OAuth token endpoint, mounted at `/:tenantId/oauth/token` beside `v2` (see oauth/token-endpoint.ts). */
  readonly tokenEndpoint?: Router;
}

/** The request log: one line per finished request below a tenant. */
function requestLog(options: ResolvedOptions): FinishedRequestListener {
  return (req, res, context, durationMs) =>
    options.logger.info('scim request', {
      requestId: context.requestId,
      tenantId: context.tenantId,
      method: req.method,
      path: req.baseUrl + req.path,
      status: res.statusCode,
      durationMs: Math.round(durationMs * 10) / 10,
    });
}

/** The most connections the host's knex pool holds (knex's default is 10): the slots tenants share fairly. */
function poolSize(knex: Knex): number {
  const max = (knex.client as { config?: { pool?: { max?: unknown } } }).config?.pool?.max;
  return typeof max === 'number' && Number.isInteger(max) && max > 0 ? max : 10;
}

/** The router of one tenant's SCIM API, mounted at `/:tenantId/v2`. */
function createTenantRouter(parts: ScimRouterParts): Router {
  const { options, tenants, mountRoutes, beforeRoutes = [] } = parts;
  const parseJson = jsonBody(options);
  const bulkGate = createBulkGate({ concurrency: options.bulkConcurrency, ...DEFAULT_BULK_QUEUE }, { readBody: parseJson, tenantOf: contextTenant });
  // No merged params: the tenant id travels in the request context (set where `/:tenantId/v2` matched), so the
  // router does not copy the parameters at every layer of every request.
  const tenantRouter = express.Router();
  for (const handler of beforeRoutes) tenantRouter.use(handler);
  const rateLimiter = parts.rateLimiter ?? createRateLimiter();
  tenantRouter.use(authenticate(tenants));
  tenantRouter.use(rateLimiter.admit);
  tenantRouter.post('/Bulk', bulkGate.admit);
  tenantRouter.use(tenantFairness({ slots: poolSize(options.knex), tenantOf: contextTenant }));
  tenantRouter.use(parseJson);
  tenantRouter.post('/Bulk', rateLimiter.chargeBulk);
  mountRoutes(tenantRouter);
  tenantRouter.use((req) => {
    throw notFound(`No SCIM endpoint ${req.method} ${req.path}.`);
  });
  return tenantRouter;
}

/** The tenant of a request below `/:tenantId/v2`, from its request context. */
const contextTenant = (_req: Request, res: Response): string => scimContext(res).tenantId;

/** Builds `scimRouter`. */
export function createScimRouter(parts: ScimRouterParts): Router {
  const scim = express.Router();
  scim.use('/:tenantId/v2', requestContext([requestLog(parts.options), ...(parts.onFinished ?? [])], parts.options.logger), createTenantRouter(parts));
  if (parts.tokenEndpoint) scim.use('/:tenantId/oauth/token', parts.tokenEndpoint);
  scim.use((req) => {
    throw notFound(`No SCIM endpoint here; SCIM URLs look like <mount>/<tenant-id>/v2/Users (got ${req.path}).`);
  });
  return routerWithHostMiddleware(scim, scimErrorHandler(parts.options.logger));
}
