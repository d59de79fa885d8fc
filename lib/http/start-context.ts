/**
 * The first step of the SCIM pipeline: the request id, the start time, the tenant id and the paths from the URL.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { ScimRequestContext } from './request-context.js';
import type { ScimTarget } from './scim-target.js';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Sets up {@link ScimRequestContext} for a request to `target` and the `X-Request-Id` response header. `mountPath`
 * is where the host mounted the router (`req.baseUrl`).
 */
export function startScimContext(req: Request, res: Response, target: ScimTarget, mountPath: string): ScimRequestContext {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const context: ScimRequestContext = {
    requestId,
    startedAt: process.hrtime.bigint(),
    tenantId: target.tenantId,
    basePath: mountPath + target.basePath,
    routePath: target.routePath,
    authenticated: false,
  };
  res.locals.scim = context;
  req.params = { tenantId: target.tenantId };
  res.setHeader('X-Request-Id', requestId);
  return context;
}

/** Milliseconds since the request arrived. */
export function elapsedMs(context: ScimRequestContext): number {
  return Number(process.hrtime.bigint() - context.startedAt) / 1e6;
}
