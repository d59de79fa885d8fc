/**
 * Per-tenant rate limits over HTTP on PostgreSQL: an empty bucket answers 429 with Retry-After and a SCIM error
 * body naming the limit; a request sent again before that time waits for it; a Bulk request is charged its
 * operations; tenants do not share buckets; 0 turns the limit off; the admin API changes the settings. The
 * limiter's clock (`performance.now`) stands still in this file, so no refill happens however slowly the machine
 * runs the requests, and the counts are exact.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient } from '../admin-api/admin-client.js';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

let host: TestHost;
let admin: AdminClient;

beforeAll(async () => {
  const frozen = performance.now();
  vi.spyOn(performance, 'now').mockReturnValue(frozen);
  host = await startTestHost();
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
});
afterAll(async () => {
  await host.close();
  vi.restoreAllMocks();
});

async function limitedTenant(name: string, rateLimitPerSecond: number, rateLimitBurst: number) {
  const t = await host.createTenant(name);
  const changed = await admin.request(`api/tenants/${t.tenantId}/settings`, { method: 'PATCH', body: { rateLimitPerSecond, rateLimitBurst } });
  expect(changed.status).toBe(200);
  expect(changed.body.settings).toMatchObject({ rateLimitPerSecond, rateLimitBurst });
  return t;
}

function bulkOf(count: number) {
  return {
    schemas: [BULK],
    Operations: Array.from({ length: count }, (_, i) => ({ method: 'POST', path: '/Users', bulkId: `u${i}`, data: { schemas: [USER], userName: `bulk${i}@example.com` } })),
  };
}

describe('rate limits per tenant', () => {
  it('answers 429 with Retry-After and a SCIM error naming the limit once the burst is spent', async () => {
    const t = await limitedTenant('Limited', 1, 3);
    for (let i = 0; i < 3; i++) expect((await scimFetch(`${t.baseUrl}/Users`, t.token)).status).toBe(200);
    const refused = await scimFetch(`${t.baseUrl}/Users`, t.token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(refused.body.schemas).toEqual([ERROR]);
    expect(refused.body.status).toBe('429');
    expect(refused.body.scimType).toBeUndefined();
    expect(refused.body.detail).toMatch(/1 requests per second with a burst of 3/);

    const other = await host.createTenant('Unaffected');
    expect((await scimFetch(`${other.baseUrl}/Users`, other.token)).status).toBe(200);
  });

  it('holds the 429 of a request sent again before Retry-After was up until that time', async () => {
    const t = await limitedTenant('Impatient', 1, 1);
    expect((await scimFetch(`${t.baseUrl}/Users`, t.token)).status).toBe(200);
    expect((await scimFetch(`${t.baseUrl}/Users`, t.token)).status).toBe(429);
    // The limiter's clock stands still here, so the second it named is never up: the resent request waits the whole
    // second (the longest a refusal is held) before its 429.
    const sent = Date.now();
    const resent = await scimFetch(`${t.baseUrl}/Users`, t.token);
    expect(resent.status).toBe(429);
    expect(resent.headers.get('retry-after')).toBe('1');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(950);
  });

  it('counts a Bulk request by its operations: admitted whole, then the tenant waits in proportion', async () => {
    const t = await limitedTenant('Bulk limited', 1, 5);
    const bulk = await scimFetch(`${t.baseUrl}/Bulk`, t.token, { body: bulkOf(4) });
    expect(bulk.status).toBe(200);
    expect(bulk.body.Operations.map((o: { status: string }) => o.status)).toEqual(['201', '201', '201', '201']);
    // 5 tokens − 4 operations leave one request.
    expect((await scimFetch(`${t.baseUrl}/Users`, t.token)).status).toBe(200);
    expect((await scimFetch(`${t.baseUrl}/Users`, t.token)).status).toBe(429);

    const big = await limitedTenant('Bulk larger than burst', 1, 5);
    expect((await scimFetch(`${big.baseUrl}/Bulk`, big.token, { body: bulkOf(10) })).status).toBe(200);
    const after = await scimFetch(`${big.baseUrl}/Users`, big.token);
    expect(after.status).toBe(429);
    // 5 − 10 = −5 tokens: six seconds until one is back.
    expect(Number(after.headers.get('retry-after'))).toBeGreaterThanOrEqual(5);
    expect(Number(after.headers.get('retry-after'))).toBeLessThanOrEqual(6);
  });

  it('does not limit a tenant whose rateLimitPerSecond is 0, and refuses bad settings naming them', async () => {
    const t = await limitedTenant('Unlimited', 0, 1);
    for (let i = 0; i < 5; i++) expect((await scimFetch(`${t.baseUrl}/Users`, t.token)).status).toBe(200);
    const refused = await admin.request(`api/tenants/${t.tenantId}/settings`, { method: 'PATCH', body: { rateLimitBurst: 1.5 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('rateLimitBurst');
  });

  it('leaves unauthenticated requests to the 401 without taking tokens', async () => {
    const t = await limitedTenant('Unauthenticated', 1, 2);
    for (let i = 0; i < 3; i++) expect((await scimFetch(`${t.baseUrl}/Users`, 'scimdir_wrong0000000000')).status).toBe(401);
    expect((await scimFetch(`${t.baseUrl}/Users`, t.token)).status).toBe(200);
    expect((await scimFetch(`${t.baseUrl}/Users`, t.token)).status).toBe(200);
  });
});
