/**
 * The multi-tenant benchmark's flags: issue 18's full size by default, a small run by flags, and a message naming
 * a bad flag.
 */
import { describe, expect, it } from 'vitest';
import { parseTenantsOptions } from '../tenants/tenants-options.js';

describe('parseTenantsOptions', () => {
  it("defaults to issue 18's full run", () => {
    expect(parseTenantsOptions(['--tenants'])).toEqual({
      tenantsCount: 1000,
      usersPerTenant: 1000,
      pacedTenants: 50,
      rate: 25,
      durationSeconds: 60,
      noisyConcurrency: 32,
      seedConcurrency: 4,
      poolMax: undefined,
      rateLimits: true,
    });
  });

  it('reads a small run and keeps one tenant apart for the noisy one', () => {
    const options = parseTenantsOptions(['--tenants', '--tenants-count', '20', '--users-per-tenant', '50', '--duration', '10', '--pool-max', '8']);
    expect(options).toMatchObject({ tenantsCount: 20, usersPerTenant: 50, durationSeconds: 10, pacedTenants: 19, poolMax: 8 });
    expect(parseTenantsOptions(['--tenants', '--rate-limits', 'off']).rateLimits).toBe(false);
  });

  it('refuses a bad number or too many paced tenants, naming the flag', () => {
    expect(() => parseTenantsOptions(['--tenants', '--rate', 'fast'])).toThrow(/--rate must be a positive integer/);
    expect(() => parseTenantsOptions(['--tenants', '--tenants-count', '10', '--paced-tenants', '10'])).toThrow(/--paced-tenants/);
    expect(() => parseTenantsOptions(['--tenants', '--rate-limits', 'maybe'])).toThrow(/--rate-limits must be "on" or "off"/);
    expect(() => parseTenantsOptions(['--tenants', '--help'])).toThrow(/--noisy-concurrency \(32\)/);
  });
});
