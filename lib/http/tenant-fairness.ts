/**
 * Express middleware that shares the database pool fairly between tenants: a tenant runs at most its share of
 * SCIM requests at once, the rest of its requests wait in its own queue, and freed slots go to waiting tenants in
 * turn (fair-queue.ts). A tenant whose queue is full is answered 429 with a SCIM error and `Retry-After`.
 */
import type { Request, RequestHandler, Response } from 'express';
import { ScimError } from '../scim/errors.js';
import { sendScimError } from './send-scim.js';
import { FairQueue } from './fair-queue.js';

/** Options of {@link tenantFairness}. */
export interface TenantFairnessOptions {
  /** Requests of all tenants running at once; size it to the knex pool (`pool.max`). */
  readonly slots: number;
  /** Requests of one tenant running at once. Default: half the slots (at least 1). */
  readonly perTenant?: number;
  /** Requests of one tenant waiting at once before it is answered 429. Default 1000. */
  readonly maxQueuedPerTenant?: number;
  /**
   * The tenant of a request; undefined lets the request through unqueued. Default: the `tenantId` route parameter
   * (a router mounted at `/:tenantId/v2` with merged params), else the first path segment.
   */
  readonly tenantOf?: (req: Request, res: Response) => string | undefined;
}

/** The `tenantId` parameter, else the first segment of the path below the mount point (`/<tenant-id>/v2/Users`). */
function defaultTenant(req: Request): string | undefined {
  const param = (req.params as Record<string, string | undefined> | undefined)?.tenantId;
  const segment = param ?? req.path.split('/')[1];
  return segment ? segment : undefined;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`tenantFairness: ${name} must be a positive integer; got ${value}.`);
  return value;
}

/** The middleware; one per router (its queue is its own). */
export function tenantFairness(options: TenantFairnessOptions): RequestHandler {
  const slots = positive('slots', options.slots);
  const queue = new FairQueue({
    slots,
    perTenant: positive('perTenant', options.perTenant ?? Math.max(1, Math.floor(slots / 2))),
    maxWaitingPerTenant: positive('maxQueuedPerTenant', options.maxQueuedPerTenant ?? 1000),
  });
  const tenantOf = options.tenantOf ?? defaultTenant;
  return (req, res, next) => {
    const tenant = tenantOf(req, res);
    if (tenant === undefined) return next();
    const admitted = queue.acquire(tenant);
    if (!admitted) {
      res.setHeader('Retry-After', '1');
      sendScimError(res, new ScimError(429, `Too many requests of tenant "${tenant}" are waiting; retry later.`));
      return;
    }
    // The slot is given back when the response is sent or the client goes away, whichever comes first.
    let release: (() => void) | undefined;
    let finished = false;
    const finish = (): void => {
      finished = true;
      release?.();
    };
    res.once('finish', finish);
    res.once('close', finish);
    void admitted.then((held) => {
      release = held;
      if (finished) held();
      else next();
    });
  };
}
