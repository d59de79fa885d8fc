/**
 * The standalone server's environment: SCIM_BULK_CONCURRENCY becomes the directory option `bulkConcurrency`;
 * TRUST_PROXY becomes Express's `trust proxy` setting, checked at start; DATABASE_POOL_MAX the knex pool's `max`.
 */
import { describe, expect, it } from 'vitest';
import { readServerConfig } from '../../../lib/server/server-config.js';

describe('readServerConfig: SCIM_BULK_CONCURRENCY', () => {
  it('is undefined when unset or blank, so the directory default applies', () => {
    expect(readServerConfig({}).bulkConcurrency).toBeUndefined();
    expect(readServerConfig({ SCIM_BULK_CONCURRENCY: ' ' }).bulkConcurrency).toBeUndefined();
  });

  it('reads a positive integer', () => {
    expect(readServerConfig({ SCIM_BULK_CONCURRENCY: '1' }).bulkConcurrency).toBe(1);
    expect(readServerConfig({ SCIM_BULK_CONCURRENCY: ' 12 ' }).bulkConcurrency).toBe(12);
  });

  it.each(['0', '-1', '1.5', 'two', '0x10', '1e1'])('refuses %j with a message naming the variable', (value) => {
    expect(() => readServerConfig({ SCIM_BULK_CONCURRENCY: value })).toThrow(/SCIM_BULK_CONCURRENCY must be a positive integer/);
  });
});

describe('readServerConfig: TRUST_PROXY', () => {
  it('trusts no proxy when unset, blank or false', () => {
    expect(readServerConfig({}).trustProxy).toBe(false);
    expect(readServerConfig({ TRUST_PROXY: ' ' }).trustProxy).toBe(false);
    expect(readServerConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it("reads Express's forms: true, a hop count, a list of addresses, subnets and names", () => {
    expect(readServerConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readServerConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readServerConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(readServerConfig({ TRUST_PROXY: ' loopback ,10.0.0.0/8, fd00::/8 ,' }).trustProxy).toBe('loopback, 10.0.0.0/8, fd00::/8');
  });

  it.each(['proxy.example.com', '10.0.0.0/99', 'loopback, nonsense'])('refuses %j with a message naming the variable', (value) => {
    expect(() => readServerConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY must be/);
  });
});

describe('readServerConfig: SCIM_RATE_LIMITS', () => {
  it('keeps the rate limits on unless told off', () => {
    expect(readServerConfig({}).rateLimits).toBe(true);
    expect(readServerConfig({ SCIM_RATE_LIMITS: 'on' }).rateLimits).toBe(true);
    for (const off of ['off', 'false', '0', ' No ']) expect(readServerConfig({ SCIM_RATE_LIMITS: off }).rateLimits).toBe(false);
  });
});

describe('readServerConfig: SCIM_PREPARED_STATEMENTS', () => {
  it('keeps prepared statements on unless told off', () => {
    expect(readServerConfig({}).preparedStatements).toBe(true);
    for (const off of ['off', 'false', '0', ' No ']) expect(readServerConfig({ SCIM_PREPARED_STATEMENTS: off }).preparedStatements).toBe(false);
  });
});

describe('readServerConfig: DATABASE_POOL_MAX', () => {
  it('is undefined when unset, so the default pool size applies', () => {
    expect(readServerConfig({}).databasePoolMax).toBeUndefined();
  });

  it('reads a positive integer', () => {
    expect(readServerConfig({ DATABASE_POOL_MAX: '40' }).databasePoolMax).toBe(40);
  });

  it.each(['0', '-5', 'ten', '2.5'])('refuses %j with a message naming the variable', (value) => {
    expect(() => readServerConfig({ DATABASE_POOL_MAX: value })).toThrow(/DATABASE_POOL_MAX must be a positive integer/);
  });
});
