/**
 * `POST /Bulk` (RFC 7644 §3.7). A request larger than `maxPayloadSize` is refused with 413 and the RFC's error
 * (§3.7.4) before any operation runs; other methods are 405.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import type { ProvisioningServices } from '../../provisioning/services.js';
import { ScimError } from '../../scim/errors.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { scimHandler } from './scim-handler.js';

/** Bytes of the request body: its Content-Length, or the size of the parsed body when it came chunked. */
function payloadBytes(req: Request): number {
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared >= 0) return declared;
  return Buffer.byteLength(JSON.stringify(req.body ?? null), 'utf8');
}

/** Mounts `/Bulk` on the tenant router. */
export function mountBulkRoute(router: Router, services: ProvisioningServices): void {
  const { bulk, options } = services;
  const maxPayloadSize = bulk.limits.maxPayloadSize;
  const checkPayload = (req: Request, _res: Response, next: NextFunction): void => {
    if (payloadBytes(req) > maxPayloadSize) throw new ScimError(413, `The size of the bulk operation exceeds the maxPayloadSize (${maxPayloadSize}).`);
    next();
  };
  router
    .route('/Bulk')
    .post(checkPayload, scimHandler(options, (request) => bulk.run(request)))
    .all(methodNotAllowed(['POST']));
}
