/**
 * The SCIM API router: `/<tenant-id>/v2/...` under whatever prefix the host mounts it. One Express layer runs the
 * whole pipeline as a handler chain (handler-chain.ts): request context → the finished-request hook → the host's
 * `beforeRoutes` (event-log capture) → bearer authentication → the Bulk gate (`POST …/Bulk` only, see
 * {@link createBulkGate}) → JSON body (application/scim+json, application/json) → the endpoint's handlers from the
 * route table (scim-route-table.ts), or a SCIM 404 → the SCIM error edge. Nested Express routers did the same with
 * per-layer path matching and parameter merging that cost more CPU than a lookup's SCIM work.
 *
 * The gate sits after authentication, so an unauthenticated request neither waits for nor takes a slot, and before
 * the body parser, so a waiting request holds no parsed body. Unknown endpoints below a tenant are answered after
 * authentication and body parsing, as before: a client without a valid token learns nothing about the endpoints.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { ResolvedOptions } from '../options.js';
import { notFound } from '../scim/errors.js';
import type { TenantsService } from '../tenants/tenants-service.js';
import { authenticate } from './authenticate.js';
import { createBulkGate, DEFAULT_BULK_QUEUE } from './bulk-gate.js';
import { elapsedMs, startScimContext } from './start-context.js';
import { scimErrorHandler } from './error-handler.js';
import { runHandlerChain } from './handler-chain.js';
import { scimContext, type ScimRequestContext } from './request-context.js';
import { ScimRouteTable } from './scim-route-table.js';
import { scimTarget } from './scim-target.js';
import { SCIM_MEDIA_TYPE } from './send-scim.js';

/** Something that wants to know about every finished SCIM request (logging, the event log). */
export type FinishedRequestListener = (req: Request, res: Response, context: ScimRequestContext, durationMs: number) => void;

/** What the router is built from. */
export interface ScimRouterParts {
  readonly options: ResolvedOptions;
  readonly tenants: TenantsService;
  /** Declares the endpoint routes on the per-tenant route table (paths below `/<tenant-id>/v2`). */
  readonly mountRoutes: (routes: ScimRouteTable) => void;
  /** Called when each response has been sent. */
  readonly onFinished?: readonly FinishedRequestListener[];
  /** Run for every request below a tenant before authentication, after the context is set (the event log's capture). */
  readonly beforeRoutes?: readonly RequestHandler[];
}

/** Builds the SCIM router. */
export function createScimRouter(parts: ScimRouterParts): Router {
  const { options, tenants, mountRoutes, onFinished = [], beforeRoutes = [] } = parts;
  const bulkGate = createBulkGate({ concurrency: options.bulkConcurrency, ...DEFAULT_BULK_QUEUE });
  const routes = new ScimRouteTable();
  mountRoutes(routes);
  const handleError = scimErrorHandler(options.logger);

  const finishedListeners: FinishedRequestListener[] = [
    (req, res, context, durationMs) =>
      options.logger.info('scim request', {
        requestId: context.requestId,
        tenantId: context.tenantId,
        method: req.method,
        path: req.baseUrl + req.path,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
      }),
    ...onFinished,
  ];
  const notifyFinished = (req: Request, res: Response): void => {
    const context = scimContext(res);
    const durationMs = elapsedMs(context);
    for (const listener of finishedListeners) {
      try {
        listener(req, res, context, durationMs);
      } catch (error) {
        options.logger.error('finished-request listener failed', { error: String(error) });
      }
    }
  };

  const hookFinish: RequestHandler = (req, res, next) => {
    res.on('finish', () => notifyFinished(req, res));
    next();
  };
  const admitBulk: RequestHandler = (req, res, next) => {
    if (req.method === 'POST' && scimContext(res).routePath.toLowerCase().replace(/\/$/, '') === '/bulk') bulkGate.admit(req, res, next);
    else next();
  };
  const routeRequest: RequestHandler = (req, res, next) => {
    const { routePath } = scimContext(res);
    const match = routes.match(req.method, routePath);
    if (!match) throw notFound(`No SCIM endpoint ${req.method} ${routePath}.`);
    req.params = { tenantId: scimContext(res).tenantId, ...match.params };
    runHandlerChain(match.handlers, req, res, (error) => next(error ?? notFound(`No SCIM endpoint ${req.method} ${routePath}.`)));
  };
  const pipeline: RequestHandler[] = [
    hookFinish,
    ...beforeRoutes,
    authenticate(tenants),
    admitBulk,
    express.json({ type: [SCIM_MEDIA_TYPE, 'application/json', 'application/*+json'], limit: options.bodyLimit, strict: false }),
    routeRequest,
  ];

  const serveScim: RequestHandler = (req, res, next) => {
    const fail = (error: unknown): void => handleError(error, req, res, next);
    let routePath: string;
    try {
      const target = scimTarget(req.url);
      if (!target) throw notFound(`No SCIM endpoint here; SCIM URLs look like <mount>/<tenant-id>/v2/Users (got ${req.path}).`);
      routePath = startScimContext(req, res, target, req.baseUrl).routePath;
    } catch (error) {
      fail(error);
      return;
    }
    runHandlerChain(pipeline, req, res, (error) => fail(error ?? notFound(`No SCIM endpoint ${req.method} ${routePath}.`)));
  };
  const router = express.Router().use(serveScim);
  // Fast path: an Express router is a function that calls its own `handle`, which walks the layer stack (path
  // matching, parameter merging, `next` closures) to reach the one layer there is. Calling the pipeline straight
  // away does the same for less. Should a future router not go through `handle`, the layer above still serves.
  (router as Router & { handle: RequestHandler }).handle = serveScim;
  return router;
}
