/**
 * The token endpoint under the tenant's rate limit, over HTTP on PostgreSQL: every token request, failed or not,
 * takes one from the tenant's token-endpoint bucket, so guessing a secret stops at the burst with 429,
 * `Retry-After` and an RFC 6749-shaped `temporarily_unavailable` body; the refusal is in the event log with its
 * reason; the tenant's SCIM traffic and other tenants' token endpoints go on. The limiter's clock
 * (`performance.now`) is the test's own: it stands still unless the test moves it, so the counts are exact.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SCIM_PREFIX, scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient } from '../admin-api/admin-client.js';
import { basic, tokenRequest } from './oauth-fixture.js';

const GRANT = { grant_type: 'client_credentials' };

let host: TestHost;
let admin: AdminClient;
let now = 0;

beforeAll(async () => {
  // A whole number of milliseconds, so that adding 1000 later moves the clock by exactly a second (with a fraction,
  // the sum can round to a hair under it and leave the bucket just short of a token).
  now = Math.ceil(performance.now());
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  host = await startTestHost();
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
});
afterAll(async () => {
  await host.close();
  vi.restoreAllMocks();
});

/** A tenant with an OAuth client and the given limits. */
async function limitedTenant(name: string, rateLimitPerSecond: number, rateLimitBurst: number) {
  const t = await host.createTenant(name);
  const changed = await admin.request(`api/tenants/${t.tenantId}/settings`, { method: 'PATCH', body: { rateLimitPerSecond, rateLimitBurst } });
  expect(changed.status).toBe(200);
  const created = await host.directory.oauthClients.create(t.tenantId, `${name} client`);
  return { ...t, tokenUrl: `${host.origin}${SCIM_PREFIX}/${t.tenantId}/oauth/token`, clientId: created!.client.clientId, clientSecret: created!.clientSecret };
}

describe('token endpoint rate limit', () => {
  it('counts failed token requests, so guessing a secret stops at the burst with 429 and an OAuth error body', async () => {
    const t = await limitedTenant('Guessed', 1, 3);
    for (let i = 0; i < 3; i++) {
      const guess = await tokenRequest(t.tokenUrl, { ...GRANT, client_id: t.clientId, client_secret: `scimdir_guess${i}` });
      expect(guess.status).toBe(401);
      expect(guess.body.error).toBe('invalid_client');
    }
    // The bucket is empty: even the right secret waits, so a guesser learns nothing more until it refills.
    const refused = await tokenRequest(t.tokenUrl, GRANT, { authorization: basic(t.clientId, t.clientSecret) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(refused.headers.get('www-authenticate')).toBeNull();
    expect(refused.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringMatching(/1 requests per second with a burst of 3\. Retry after 1 s\./) });

    // The tenant's provisioning has a bucket of its own and goes on.
    expect((await scimFetch(`${t.baseUrl}/Users`, t.token)).status).toBe(200);
    // Another tenant's token endpoint is not touched.
    const other = await limitedTenant('Not guessed', 1, 3);
    expect((await tokenRequest(other.tokenUrl, GRANT, { authorization: basic(other.clientId, other.clientSecret) })).status).toBe(200);

    // A second later one token is back: the right secret gets an access token that works.
    now += 1000;
    const granted = await tokenRequest(t.tokenUrl, { ...GRANT, client_id: t.clientId, client_secret: t.clientSecret });
    expect(granted.status, granted.text).toBe(200);
    expect((await scimFetch(`${t.baseUrl}/Users?count=1`, granted.body.access_token as string)).status).toBe(200);
    expect((await tokenRequest(t.tokenUrl, { ...GRANT, client_id: t.clientId, client_secret: t.clientSecret })).status).toBe(429);
  });

  it('records the refusal in the event log with its reason and no secret', async () => {
    const t = await limitedTenant('Logged', 1, 1);
    expect((await tokenRequest(t.tokenUrl, { ...GRANT, client_id: t.clientId, client_secret: 'scimdir_firstGuess' })).status).toBe(401);
    expect((await tokenRequest(t.tokenUrl, { ...GRANT, client_id: t.clientId, client_secret: 'scimdir_secondGuess' })).status).toBe(429);
    const answer = await scimFetch(`${host.origin}/admin/api/tenants/${t.tenantId}/events?count=10`, undefined);
    const events = answer.body.events as { id: string; status: number; path: string }[];
    expect(events.map((e) => e.status)).toEqual([429, 401]);
    const refused = await scimFetch(`${host.origin}/admin/api/tenants/${t.tenantId}/events/${events[0]!.id}`, undefined);
    expect(JSON.parse(refused.body.event.responseBody)).toMatchObject({ error: 'temporarily_unavailable', error_description: expect.stringContaining('Rate limit') });
    expect(JSON.stringify(refused.body)).not.toContain('scimdir_secondGuess');
  });

  it('does not limit token requests of a tenant whose rateLimitPerSecond is 0', async () => {
    const t = await limitedTenant('Unlimited tokens', 0, 1);
    for (let i = 0; i < 4; i++) expect((await tokenRequest(t.tokenUrl, GRANT, { authorization: basic(t.clientId, t.clientSecret) })).status).toBe(200);
  });
});
