/**
 * The token bucket on its own, with a clock the test moves: refill, burst cap, Retry-After, Bulk debt, the token
 * endpoint's bucket beside the SCIM one, and the bounded map of tenants.
 */
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../lib/http/rate-limit.js';
import { ScimError } from '../../../lib/scim/errors.js';
import { DEFAULT_TENANT_SETTINGS } from '../../../lib/tenants/tenant-settings.js';

function exchange(tenantId: string, perSecond: number, burst: number, body?: unknown) {
  const headers: Record<string, string> = {};
  const tenant = { id: tenantId, name: tenantId, enabled: true, createdAt: new Date(0), settings: { ...DEFAULT_TENANT_SETTINGS, rateLimitPerSecond: perSecond, rateLimitBurst: burst } };
  const res = { locals: { scim: { tenant } }, setHeader: (k: string, v: string) => (headers[k] = v) } as unknown as Response;
  return { req: { body } as Request, res, headers };
}

function run(handler: (req: Request, res: Response, next: NextFunction) => void, x: ReturnType<typeof exchange>): 'next' | ScimError {
  let outcome: 'next' | ScimError = 'next';
  try {
    handler(x.req, x.res, () => undefined);
  } catch (error) {
    outcome = error as ScimError;
  }
  return outcome;
}

describe('rate limiter', () => {
  it('admits the burst, refuses with Retry-After, and refills at the rate up to the burst', () => {
    let now = 0;
    const limited: string[] = [];
    const limiter = createRateLimiter({ now: () => now, onLimited: (t) => limited.push(t) });
    for (let i = 0; i < 4; i++) expect(run(limiter.admit, exchange('a', 2, 4))).toBe('next');
    const x = exchange('a', 2, 4);
    const refused = run(limiter.admit, x);
    expect(refused).toBeInstanceOf(ScimError);
    expect((refused as ScimError).status).toBe(429);
    expect(x.headers['Retry-After']).toBe('1');
    expect(limited).toEqual(['a']);
    now = 500; // half a second at 2 per second: one request back
    expect(run(limiter.admit, exchange('a', 2, 4))).toBe('next');
    expect(run(limiter.admit, exchange('a', 2, 4))).not.toBe('next');
    now = 60_000; // a minute: full again, but not beyond the burst
    for (let i = 0; i < 4; i++) expect(run(limiter.admit, exchange('a', 2, 4))).toBe('next');
    expect(run(limiter.admit, exchange('a', 2, 4))).not.toBe('next');
  });

  it('charges a Bulk request its operations beyond the first and names the wait', () => {
    const now = 0;
    const limiter = createRateLimiter({ now: () => now });
    expect(run(limiter.admit, exchange('b', 10, 20))).toBe('next');
    expect(run(limiter.chargeBulk, exchange('b', 10, 20, { Operations: new Array(100).fill({}) }))).toBe('next');
    const x = exchange('b', 10, 20);
    expect(run(limiter.admit, x)).not.toBe('next');
    // 20 − 100 = −80 tokens: 8.1 seconds at 10 per second until one is back.
    expect(x.headers['Retry-After']).toBe('9');
  });

  it('forgets the least recently seen tenant past maxTenants, which gives it a full bucket', () => {
    const limiter = createRateLimiter({ now: () => 0, maxTenants: 2 });
    expect(run(limiter.admit, exchange('a', 1, 1))).toBe('next');
    expect(run(limiter.admit, exchange('a', 1, 1))).not.toBe('next');
    run(limiter.admit, exchange('b', 1, 1));
    run(limiter.admit, exchange('c', 1, 1));
    expect(run(limiter.admit, exchange('a', 1, 1))).toBe('next');
  });

  it('keeps a tenant’s token-endpoint bucket apart from its SCIM bucket, with the same rate and burst', () => {
    let now = 0;
    const limited: string[] = [];
    const limiter = createRateLimiter({ now: () => now, onLimited: (t) => limited.push(t) });
    const tenant = (exchange('t', 1, 2).res.locals as { scim: { tenant: Parameters<typeof limiter.take>[0] } }).scim.tenant;
    expect(limiter.take(tenant, 'token')).toBeUndefined();
    expect(limiter.take(tenant, 'token')).toBeUndefined();
    expect(limiter.take(tenant, 'token')).toBe(1);
    expect(limited).toEqual(['t']);
    // The SCIM bucket is still full.
    expect(run(limiter.admit, exchange('t', 1, 2))).toBe('next');
    expect(run(limiter.admit, exchange('t', 1, 2))).toBe('next');
    now = 1000;
    expect(limiter.take(tenant, 'token')).toBeUndefined();
    expect(createRateLimiter({ enabled: false }).take(tenant, 'token')).toBeUndefined();
  });
});
