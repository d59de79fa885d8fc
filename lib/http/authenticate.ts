/**
 * Bearer authentication of the SCIM API: the tenant id in the URL and a token of that tenant. Every failure is the
 * same 401 (RFC 6750 `WWW-Authenticate: Bearer realm="SCIM"`), whether or not the tenant exists.
 */
import type { NextFunction, Request, Response } from 'express';
import { ScimError } from '../scim/errors.js';
import type { TenantsService } from '../tenants/tenants-service.js';
import { scimContext } from './request-context.js';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]{1,512})[ \t]*$/i;

/** The one answer to every authentication failure. */
export function unauthorized(): ScimError {
  return new ScimError(401, 'Authentication failed: send "Authorization: Bearer <token>" with a token issued for this tenant.');
}

/** Middleware: verifies the bearer token for the tenant in the URL, or answers 401. */
export function authenticate(tenants: TenantsService) {
  return async function authenticateScim(req: Request, res: Response, next: NextFunction): Promise<void> {
    const context = scimContext(res);
    const match = BEARER.exec(req.get('authorization') ?? '');
    const verification = await tenants.verify(context.tenantId, match?.[1] ?? '');
    context.tenant = verification.tenant;
    if (!match || !verification.credentialId) throw unauthorized();
    context.authenticated = true;
    if (verification.credential) context.credential = verification.credential;
    next();
  };
}
