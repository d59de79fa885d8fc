/**
 * Who is behind an admin API change, for the audit trail: the principal the host names through the
 * `auditPrincipal` option, and whether the change came from the admin UI or from another client of the API. The
 * UI says so with the `X-Scim-Admin-Client: ui` header; the header only labels the source and grants nothing.
 */
import type { Request } from 'express';
import type { ScimLogger } from '../logger.js';
import type { AuditActor } from '../tenants/admin-audit.js';

/** The header the admin UI sends with every request. */
export const ADMIN_CLIENT_HEADER = 'x-scim-admin-client';

/** Builds the request → actor function of an admin router. */
export function auditActorOf(principal: ((req: Request) => string | undefined) | undefined, logger: ScimLogger): (req: Request) => AuditActor {
  return (req) => {
    let actor: string | undefined;
    try {
      const named: unknown = principal?.(req);
      actor = typeof named === 'string' ? named : undefined;
    } catch (error) {
      // The change itself goes on; the entry is recorded without a principal, and the log says why.
      logger.warn('the auditPrincipal option threw; recording the change without a principal', { error: String(error) });
    }
    return { actor, source: req.get(ADMIN_CLIENT_HEADER) === 'ui' ? 'ui' : 'api' };
  };
}
