/**
 * The Express 5 router of the SCIM API: `/<tenant-id>/v2/...` under whatever prefix the host mounts it.
 * Order: request context → bearer authentication → the Bulk gate (`POST …/Bulk` only, see {@link createBulkGate}) →
 * JSON body (application/scim+json, application/json) → the endpoint routes → SCIM 404 for anything else → the SCIM
 * error edge. The gate sits after authentication, so an unauthenticated request neither waits for nor takes a slot,
 * and before the body parser, so a waiting request holds no parsed body.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ResolvedOptions } from '../options.js';
import { notFound } from '../scim/errors.js';
import type { TenantsService } from '../tenants/tenants-service.js';
import { authenticate } from './authenticate.js';
import { createBulkGate, DEFAULT_BULK_QUEUE } from './bulk-gate.js';
import { contextMiddleware, elapsedMs } from './context-middleware.js';
import { scimErrorHandler } from './error-handler.js';
import { scimContext, type ScimRequestContext } from './request-context.js';
import { SCIM_MEDIA_TYPE } from './send-scim.js';

/** `/Bulk` below the tenant mount, as Express routes match it: case-insensitive, with an optional trailing slash. */
const BULK_PATH = /^\/bulk\/?$/i;

/** Something that wants to know about every finished SCIM request (logging, the event log). */
export type FinishedRequestListener = (req: Request, res: Response, context: ScimRequestContext, durationMs: number) => void;

/** What the router is built from. */
export interface ScimRouterParts {
  readonly options: ResolvedOptions;
  readonly tenants: TenantsService;
  /** Adds the endpoint routes to the per-tenant router (mounted at `/<tenant-id>/v2`). */
  readonly mountRoutes: (tenantRouter: Router) => void;
  /** Called when each response has been sent. */
  readonly onFinished?: readonly FinishedRequestListener[];
}

/** Builds the SCIM router. */
export function createScimRouter(parts: ScimRouterParts): Router {
  const { options, tenants, mountRoutes, onFinished = [] } = parts;
  const router = express.Router();
  const bulkGate = createBulkGate({ concurrency: options.bulkConcurrency, ...DEFAULT_BULK_QUEUE });
  const tenantRouter = express.Router({ mergeParams: true });
  mountRoutes(tenantRouter);
  tenantRouter.all('/{*rest}', (req) => {
    throw notFound(`No SCIM endpoint ${req.method} ${req.path}.`);
  });

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

  router.use(
    '/:tenantId/v2',
    contextMiddleware,
    (req, res, next) => {
      res.on('finish', () => {
        const context = scimContext(res);
        const durationMs = elapsedMs(context);
        for (const listener of finishedListeners) {
          try {
            listener(req, res, context, durationMs);
          } catch (error) {
            options.logger.error('finished-request listener failed', { error: String(error) });
          }
        }
      });
      next();
    },
    authenticate(tenants),
    (req: Request, res: Response, next: NextFunction) => {
      if (req.method === 'POST' && BULK_PATH.test(req.path)) bulkGate.admit(req, res, next);
      else next();
    },
    express.json({ type: [SCIM_MEDIA_TYPE, 'application/json', 'application/*+json'], limit: options.bodyLimit, strict: false }),
    tenantRouter,
  );
  router.use((req) => {
    throw notFound(`No SCIM endpoint here; SCIM URLs look like <mount>/<tenant-id>/v2/Users (got ${req.path}).`);
  });
  router.use(scimErrorHandler(options.logger));
  return router;
}
