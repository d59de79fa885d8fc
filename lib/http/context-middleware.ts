/**
 * First middleware of the SCIM router: the request id, the start time and the tenant id from the URL.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ScimRequestContext } from './request-context.js';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Sets up {@link ScimRequestContext} and the `X-Request-Id` response header. */
export function contextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get('x-request-id');
  const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const tenantId = typeof req.params.tenantId === 'string' ? req.params.tenantId : '';
  const context: ScimRequestContext = { requestId, startedAt: process.hrtime.bigint(), tenantId, authenticated: false };
  res.locals.scim = context;
  res.setHeader('X-Request-Id', requestId);
  next();
}

/** Milliseconds since the request arrived. */
export function elapsedMs(context: ScimRequestContext): number {
  return Number(process.hrtime.bigint() - context.startedAt) / 1e6;
}
