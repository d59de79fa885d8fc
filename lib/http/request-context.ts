/**
 * What the SCIM router knows about a request below a tenant, from arrival to the sent response: kept on
 * `res.locals`, set by the tenant router's first middleware ({@link requestContext}), read by the later steps and
 * by the listeners told when the response has been sent (the request log, the event log).
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { ScimLogger } from '../logger.js';
import type { Tenant } from '../tenants/types.js';

/** What the SCIM router knows about a request as it goes through. */
export interface ScimRequestContext {
  /** From a sane `X-Request-Id` header, or generated. Echoed in the response and in every log line. */
  readonly requestId: string;
  /** `process.hrtime.bigint()` at arrival. */
  readonly startedAt: bigint;
  /** The tenant id from the URL, percent-decoded. */
  readonly tenantId: string;
  /** The absolute path of the tenant's SCIM base, `<mount>/<tenant-id>/v2`, as it appears in the URL. */
  readonly basePath: string;
  /** The tenant, once known (set even when authentication fails, for the event log). */
  tenant?: Tenant;
  /** True once the bearer token was accepted. */
  authenticated: boolean;
  /** The name and kind of the credential that was accepted (for the event log). */
  credential?: { readonly name: string; readonly kind: string };
  /** Extension attributes the use case ignored (unknown to the tenant's schemas), for the event log. */
  readonly ignoredAttributes?: string[];
}

/** Something that wants to know about every finished SCIM request (logging, the event log). */
export type FinishedRequestListener = (req: Request, res: Response, context: ScimRequestContext, durationMs: number) => void;

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Middleware for the tenant router (mounted at `/:tenantId/v2` with merged params): sets up the context and the
 * `X-Request-Id` response header, and calls each of `listeners` once the response has been sent. A listener that
 * throws is logged and does not stop the others.
 */
export function requestContext(listeners: readonly FinishedRequestListener[], logger: ScimLogger): RequestHandler {
  return function startRequestContext(req, res, next) {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const context: ScimRequestContext = {
      requestId,
      startedAt: process.hrtime.bigint(),
      tenantId: String(req.params.tenantId),
      basePath: req.baseUrl,
      authenticated: false,
      ignoredAttributes: [],
    };
    res.locals.scim = context;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - context.startedAt) / 1e6;
      for (const listener of listeners) {
        try {
          listener(req, res, context, durationMs);
        } catch (error) {
          logger.error('finished-request listener failed', { error: String(error) });
        }
      }
    });
    next();
  };
}

/** The context of a request that went through {@link requestContext}. */
export function scimContext(res: Response): ScimRequestContext {
  const context = res.locals.scim as ScimRequestContext | undefined;
  if (!context) throw new Error('SCIM request context missing: the tenant router did not run its first middleware.');
  return context;
}
