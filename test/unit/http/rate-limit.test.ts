/**
 * The token bucket on its own, with a clock the test moves: refill, burst cap, Retry-After, Bulk debt, the token
 * endpoint's bucket beside the SCIM one, the bounded map of tenants, and refusals held until the Retry-After a client
 * did not wait for.
 */
import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from '../../../lib/http/rate-limit.js';
import { ScimError } from '../../../lib/scim/errors.js';
import { DEFAULT_TENANT_SETTINGS } from '../../../lib/tenants/tenant-settings.js';

function exchange(tenantId: string, perSecond: number, burst: number, body?: unknown) {
  const headers: Record<string, string> = {};
  const tenant = { id: tenantId, name: tenantId, enabled: true, createdAt: new Date(0), settings: { ...DEFAULT_TENANT_SETTINGS, rateLimitPerSecond: perSecond, rateLimitBurst: burst } };
  const res = Object.assign(new EventEmitter(), { locals: { scim: { tenant } }, setHeader: (k: string, v: string) => (headers[k] = v) }) as unknown as Response;
  return { req: { body } as Request, res, headers };
}

/**
 * What the handler did at once: called `next()`, threw (a refusal answered at once), or neither (a refusal held;
 * `later` receives what it passes to `next` when it is answered).
 */
function run(handler: (req: Request, res: Response, next: NextFunction) => void, x: ReturnType<typeof exchange>, later?: (error: unknown) => void): 'next' | 'held' | ScimError {
  let outcome: 'next' | 'held' | ScimError = 'held';
  try {
    handler(x.req, x.res, (error?: unknown) => {
      if (outcome === 'held' && error === undefined) outcome = 'next';
      else later?.(error);
    });
  } catch (error) {
    outcome = error as ScimError;
  }
  return outcome;
}

afterEach(() => {
  vi.useRealTimers();
});

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

  it('holds a refusal sent before the last Retry-After was up until that time, and answers the first at once', () => {
    vi.useFakeTimers();
    let now = 0;
    const limiter = createRateLimiter({ now: () => now });
    expect(run(limiter.admit, exchange('h', 2, 1))).toBe('next');
    const first = exchange('h', 2, 1);
    expect(run(limiter.admit, first)).toBeInstanceOf(ScimError);
    expect(first.headers['Retry-After']).toBe('1');
    // Sent again 300 ms later, without waiting: answered 429 when the second is up, 700 ms on.
    now = 300;
    const answers: unknown[] = [];
    const second = exchange('h', 2, 1);
    expect(run(limiter.admit, second, (e) => answers.push(e))).toBe('held');
    expect(second.headers['Retry-After']).toBe('1');
    vi.advanceTimersByTime(699);
    expect(answers).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(answers).toHaveLength(1);
    expect((answers[0] as ScimError).status).toBe(429);
    // A client that waited the second out is admitted (the bucket refilled) without waiting.
    now = 1000;
    expect(run(limiter.admit, exchange('h', 2, 1))).toBe('next');
  });

  it('holds at most maxHeld refusals at once, forgets one whose client left, and holds none with maxHoldMs 0', () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ now: () => 0, maxHeld: 1 });
    expect(run(limiter.admit, exchange('m', 1, 1))).toBe('next');
    expect(run(limiter.admit, exchange('m', 1, 1))).toBeInstanceOf(ScimError);
    const answers: unknown[] = [];
    const waiting = exchange('m', 1, 1);
    expect(run(limiter.admit, waiting, (e) => answers.push(e))).toBe('held');
    expect(run(limiter.admit, exchange('m', 1, 1))).toBeInstanceOf(ScimError);
    waiting.res.emit('close');
    expect(run(limiter.admit, exchange('m', 1, 1), (e) => answers.push(e))).toBe('held');
    vi.advanceTimersByTime(1000);
    // Only the one whose client stayed is answered.
    expect(answers).toHaveLength(1);

    const atOnce = createRateLimiter({ now: () => 0, maxHoldMs: 0 });
    expect(run(atOnce.admit, exchange('z', 1, 1))).toBe('next');
    expect(run(atOnce.admit, exchange('z', 1, 1))).toBeInstanceOf(ScimError);
    expect(run(atOnce.admit, exchange('z', 1, 1))).toBeInstanceOf(ScimError);
  });
});
