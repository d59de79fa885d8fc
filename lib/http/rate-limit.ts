/**
 * Per-tenant rate limits of the SCIM API: a token bucket per tenant, in memory on each instance, refilled at the
 * tenant's `rateLimitPerSecond` up to `rateLimitBurst` (tenant settings). A request is admitted while the bucket
 * holds at least one token and takes one; an empty bucket answers `429 Too Many Requests` with `Retry-After` (the
 * seconds until a token is back) and a SCIM error body naming the limit. A Bulk request is admitted like any other
 * and, once its body is parsed, charged its remaining operations: the bucket may go below zero, so a large Bulk is
 * never refused for its size but makes the tenant's next requests wait in proportion. Limits slow a client down
 * rather than fail it for long (see docs/operations.md, "Rate limits", on Entra's quarantine).
 *
 * A client that sends again before the `Retry-After` it was given gets its next 429s only when that time is up (at
 * most `maxHoldMs` later): a client that ignores the header and resends at once would otherwise spend the server's
 * time on a flood of refusals, at the expense of other tenants. The first refusal goes out at once, so a client
 * that honours `Retry-After` never waits longer than it was told. At most `maxHeld` refusals wait at once.
 *
 * The tenant's OAuth token endpoint has a bucket of its own with the same rate and burst ({@link RateLimiter.take}
 * with `'token'`), charged before the client is authenticated: failed token requests are limited like any other, so
 * guessing a client secret goes no faster than the tenant's rate, and a flood of bad token requests (which anyone
 * who knows the tenant id can send) empties only that bucket, never the one the tenant's provisioning uses.
 *
 * The map of buckets is bounded: past `maxTenants` the least recently seen bucket is forgotten, which only gives
 * that tenant a full bucket again.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ScimError } from '../scim/errors.js';
import type { Tenant } from '../tenants/types.js';
import { scimContext } from './request-context.js';

/** One tenant's bucket. */
interface Bucket {
  tokens: number;
  updatedMs: number;
  /** Until when the last refusal told the client to wait (its `Retry-After`), in the clock's ms. */
  refusedUntilMs: number;
}

/** Options of the limiter. */
export interface RateLimiterOptions {
  /** Most buckets kept (a tenant has up to two: its SCIM API's and its token endpoint's). Default 10 000. */
  readonly maxTenants?: number;
  /** The clock, in ms; tests may pass their own. Default `performance.now`-based monotonic time. */
  readonly now?: () => number;
  /** False turns every limit off (the directory option `rateLimits`). Default true. */
  readonly enabled?: boolean;
  /** Told about every refused request (for metrics). */
  readonly onLimited?: (tenantId: string) => void;
  /** Longest a refusal sent before its `Retry-After` was up waits before its 429; 0 answers at once. Default 1 000. */
  readonly maxHoldMs?: number;
  /** Most refusals waiting at once on this instance; past it, 429s go out at once. Default 1 000. */
  readonly maxHeld?: number;
}

/** A refused request: the seconds until a token is back, and how long to wait before answering. */
interface Refusal {
  readonly retryAfter: number;
  readonly holdMs: number;
}

/** Which of a tenant's buckets a request takes from: its SCIM API's or its token endpoint's. */
export type RateLimitScope = 'scim' | 'token';

/** The middlewares of the limiter, and the bucket itself for endpoints outside the SCIM router. */
export interface RateLimiter {
  /** After authentication: admits the request or answers 429. */
  readonly admit: RequestHandler;
  /** After the body parser, on `POST /Bulk`: charges the operations beyond the first. */
  readonly chargeBulk: RequestHandler;
  /**
   * Takes one request from the tenant's bucket of `scope`: undefined when admitted, else the seconds until a token
   * is back (the request is refused and `onLimited` told).
   */
  take(tenant: Tenant, scope: RateLimitScope): number | undefined;
}

/** The 429 of an empty bucket. */
export function rateLimited(perSecond: number, burst: number, retryAfterSeconds: number): ScimError {
  return new ScimError(
    429,
    `Rate limit of this tenant exceeded: ${perSecond} requests per second with a burst of ${burst} (a Bulk request counts its operations). Retry after ${retryAfterSeconds} s.`,
  );
}

/** Builds the limiter. */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const maxTenants = Math.max(1, options.maxTenants ?? 10_000);
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, Bucket>();

  /** The bucket under `key`, refilled to now and moved to the recent end of the map. */
  function bucketOf(key: string, perSecond: number, burst: number): Bucket {
    const at = now();
    let bucket = buckets.get(key);
    if (bucket) {
      buckets.delete(key);
      bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.updatedMs) / 1000) * perSecond);
      bucket.updatedMs = at;
    } else {
      bucket = { tokens: burst, updatedMs: at, refusedUntilMs: at };
      if (buckets.size >= maxTenants) buckets.delete(buckets.keys().next().value as string);
    }
    buckets.set(key, bucket);
    return bucket;
  }

  // The SCIM bucket is keyed by the tenant id alone; a tenant id never holds a space, so the keys cannot collide.
  const keyOf = (tenantId: string, scope: RateLimitScope): string => (scope === 'scim' ? tenantId : `${tenantId} ${scope}`);

  const maxHoldMs = Math.max(0, options.maxHoldMs ?? 1000);
  const maxHeld = Math.max(0, options.maxHeld ?? 1000);
  let held = 0;

  /** Takes one request from the bucket; undefined when admitted, else the refusal. */
  const refusalOf = (tenant: Tenant, scope: RateLimitScope): Refusal | undefined => {
    const perSecond = options.enabled === false ? 0 : tenant.settings.rateLimitPerSecond;
    if (perSecond <= 0) return undefined;
    const bucket = bucketOf(keyOf(tenant.id, scope), perSecond, tenant.settings.rateLimitBurst);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    options.onLimited?.(tenant.id);
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    // Sent before the last refusal's Retry-After was up: wait out what is left of it (bounded) before answering.
    const early = bucket.refusedUntilMs - bucket.updatedMs;
    if (early > 0) return { retryAfter, holdMs: Math.min(early, maxHoldMs) };
    bucket.refusedUntilMs = bucket.updatedMs + retryAfter * 1000;
    return { retryAfter, holdMs: 0 };
  };

  const take = (tenant: Tenant, scope: RateLimitScope): number | undefined => refusalOf(tenant, scope)?.retryAfter;

  const admit = (_req: Request, res: Response, next: NextFunction): void => {
    const tenant = scimContext(res).tenant;
    const refusal = tenant ? refusalOf(tenant, 'scim') : undefined;
    if (!tenant || refusal === undefined) return next();
    res.setHeader('Retry-After', String(refusal.retryAfter));
    const error = rateLimited(tenant.settings.rateLimitPerSecond, tenant.settings.rateLimitBurst, refusal.retryAfter);
    if (refusal.holdMs <= 0 || held >= maxHeld) throw error;
    held++;
    // A client that leaves while its refusal waits needs no answer.
    const left = (): void => {
      clearTimeout(timer);
      held--;
    };
    const timer = setTimeout(() => {
      res.off('close', left);
      held--;
      next(error);
    }, refusal.holdMs);
    res.once('close', left);
  };

  const chargeBulk = (req: Request, res: Response, next: NextFunction): void => {
    const tenant = scimContext(res).tenant;
    const operations = (req.body as { Operations?: unknown } | undefined)?.Operations;
    if (options.enabled !== false && tenant && tenant.settings.rateLimitPerSecond > 0 && Array.isArray(operations) && operations.length > 1) {
      const bucket = bucketOf(tenant.id, tenant.settings.rateLimitPerSecond, tenant.settings.rateLimitBurst);
      bucket.tokens -= operations.length - 1;
    }
    next();
  };

  return { admit, chargeBulk, take };
}
