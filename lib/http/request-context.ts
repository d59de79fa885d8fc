/**
 * Per-request state the SCIM router keeps on `res.locals`, set by the first step of its pipeline.
 */
import type { Response } from 'express';
import type { Tenant } from '../tenants/types.js';

/** What the SCIM router knows about a request as it goes through. */
export interface ScimRequestContext {
  /** From a sane `X-Request-Id` header, or generated. Echoed in the response and in every log line. */
  readonly requestId: string;
  /** `process.hrtime.bigint()` at arrival. */
  readonly startedAt: bigint;
  /** The tenant id from the URL. */
  tenantId: string;
  /** The absolute path of the tenant's SCIM base, `<mount>/<tenant-id>/v2`, as it appears in the URL. */
  readonly basePath: string;
  /** The path below the base, e.g. `/Users/42` (`/` for the base itself), without the query. */
  readonly routePath: string;
  /** The tenant, once known (set even when authentication fails, for the event log). */
  tenant?: Tenant;
  /** True once the bearer token was accepted. */
  authenticated: boolean;
}

/** The context of a request that went through the SCIM router's first step. */
export function scimContext(res: Response): ScimRequestContext {
  const context = res.locals.scim as ScimRequestContext | undefined;
  if (!context) throw new Error('SCIM request context missing: the first step of the SCIM router did not run.');
  return context;
}
