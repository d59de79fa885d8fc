/**
 * Health at a glance over HTTP on PostgreSQL: requests (refused ones included) drive each tenant's state, read back
 * through the admin API's `api/health` and `api/tenants/:id/health` with its hourly and daily charts. Quiet is
 * reached by moving a tenant's counter rows back in time, as the hours would.
 */
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../support/database.js';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient } from '../admin-api/admin-client.js';

const OKTA = { 'user-agent': 'Okta SCIM Client 1.0.0' };
const ENTRA = { 'user-agent': 'Azure AD SCIM Client' };
const WRONG = 'scimdir_wrong0000000000';

let host: TestHost;
let admin: AdminClient;

beforeAll(async () => {
  host = await startTestHost();
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
});
afterAll(() => host.close());

async function healthOf(tenantId: string) {
  const all = await admin.request('api/health');
  expect(all.status).toBe(200);
  return all.body.tenants.find((h: { tenantId: string }) => h.tenantId === tenantId);
}

describe('tenant health', () => {
  it('tells never connected, healthy, failing, credential expiring and disabled tenants apart', async () => {
    const never = await host.createTenant('Never');
    const healthy = await host.createTenant('Healthy');
    const failing = await host.createTenant('Failing');
    const expiring = await host.createTenant('Expiring');
    const disabled = await host.createTenant('Disabled');
    for (let i = 0; i < 3; i++) expect((await scimFetch(`${healthy.baseUrl}/Users`, healthy.token, { headers: OKTA })).status).toBe(200);
    expect((await scimFetch(`${failing.baseUrl}/Users`, failing.token, { headers: ENTRA })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await scimFetch(`${failing.baseUrl}/Users`, WRONG, { headers: ENTRA })).status).toBe(401);
    await host.directory.tenants.issue(expiring.tenantId, { expiresAt: new Date(Date.now() + 2 * 24 * 60 * 60 * 1000) });
    expect((await scimFetch(`${expiring.baseUrl}/Users`, expiring.token)).status).toBe(200);
    expect((await scimFetch(`${disabled.baseUrl}/Users`, disabled.token)).status).toBe(200);
    await host.directory.tenants.setEnabled(disabled.tenantId, false);

    expect(await healthOf(never.tenantId)).toMatchObject({ state: 'never-connected', lastRequestAt: null, lastSuccessAt: null, recentRequests: 0, errorRate: null });
    const ok = await healthOf(healthy.tenantId);
    expect(ok).toMatchObject({ state: 'healthy', provider: 'okta', recentRequests: 3, recentErrors: 0, errorRate: 0, quietAfterMinutes: 24 * 60 });
    expect(Date.now() - Date.parse(ok.lastSuccessAt)).toBeLessThan(60_000);
    const bad = await healthOf(failing.tenantId);
    expect(bad).toMatchObject({ state: 'failing', provider: 'entra', recentRequests: 6, recentErrors: 5, errorRate: 0.833, quietAfterMinutes: 120 });
    expect(Date.parse(bad.lastRequestAt)).toBeGreaterThan(Date.parse(bad.lastSuccessAt));
    const soon = await healthOf(expiring.tenantId);
    expect(soon.state).toBe('credential-expiring');
    expect(Date.parse(soon.credentialExpiresAt) - Date.now()).toBeGreaterThan(24 * 60 * 60 * 1000);
    expect((await healthOf(disabled.tenantId)).state).toBe('disabled');
  });

  it('turns quiet after the provider cycle passes without a request', async () => {
    const t = await host.createTenant('Quiet');
    for (let i = 0; i < 2; i++) await scimFetch(`${t.baseUrl}/Groups`, t.token, { headers: ENTRA });
    expect((await healthOf(t.tenantId)).state).toBe('healthy');
    // Three hours pass: longer than Entra's threshold (two hours), shorter than the others'.
    await host.knex('scim_request_counts').where('tenant_id', t.tenantId).update({
      hour: host.knex.raw("hour - interval '3 hours'"),
      last_request_at: host.knex.raw("last_request_at - interval '3 hours'"),
      last_success_at: host.knex.raw("last_success_at - interval '3 hours'"),
    });
    expect(await healthOf(t.tenantId)).toMatchObject({ state: 'quiet', recentRequests: 0, provider: 'entra' });
    await host.knex('scim_request_counts').where('tenant_id', t.tenantId).update({ provider: 'okta' });
    expect((await healthOf(t.tenantId)).state).toBe('healthy');
  });

  it('returns one tenant with its requests and errors per hour for 24 hours and per day for 30 days', async () => {
    const t = await host.createTenant('Charts');
    // Two errors in eleven requests: 18 %, under the failing threshold of 20 %.
    for (let i = 0; i < 9; i++) await scimFetch(`${t.baseUrl}/Users`, t.token);
    await scimFetch(`${t.baseUrl}/Users/not-there`, t.token);
    await scimFetch(`${t.baseUrl}/Users`, WRONG);
    const answer = await admin.request(`api/tenants/${t.tenantId}/health`);
    expect(answer.status).toBe(200);
    expect(answer.body.health).toMatchObject({ tenantId: t.tenantId, state: 'healthy', recentRequests: 11, recentErrors: 2, errorRate: 0.182 });
    const { hourly, daily } = answer.body.history as { hourly: { start: string; requests: number; errors: number }[]; daily: typeof hourly };
    expect(hourly).toHaveLength(24);
    expect(daily).toHaveLength(30);
    const sum = (points: typeof hourly) => points.reduce((a, p) => ({ requests: a.requests + p.requests, errors: a.errors + p.errors }), { requests: 0, errors: 0 });
    expect(sum(hourly)).toEqual({ requests: 11, errors: 2 });
    expect(sum(daily)).toEqual({ requests: 11, errors: 2 });
    expect(Date.parse(hourly[1]!.start) - Date.parse(hourly[0]!.start)).toBe(60 * 60 * 1000);
    expect(Date.parse(daily[1]!.start) - Date.parse(daily[0]!.start)).toBe(24 * 60 * 60 * 1000);
    expect(Date.parse(hourly[23]!.start)).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - Date.parse(hourly[23]!.start)).toBeLessThan(60 * 60 * 1000);

    expect((await admin.request('api/tenants/nosuchtenant/health')).status).toBe(404);
  });
});

describe('tenant health on a host knex that renames result keys to camelCase', () => {
  it('reads the same state and charts', async () => {
    const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_m, letter: string) => letter.toUpperCase());
    const camelRows = (result: unknown): unknown => {
      const rename = (row: unknown): unknown =>
        typeof row === 'object' && row !== null && !Array.isArray(row) && !(row instanceof Date) ? Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v])) : row;
      if (Array.isArray(result)) return result.map(rename);
      if (typeof result === 'object' && result !== null && Array.isArray((result as { rows?: unknown }).rows)) {
        return { ...result, rows: (result as { rows: unknown[] }).rows.map(rename) };
      }
      return rename(result);
    };
    const knex = knexFactory({ client: 'pg', connection: testDatabaseUrl(), postProcessResponse: camelRows });
    const camelHost = await startTestHost({ knex });
    try {
      const camelAdmin = new AdminClient(`${camelHost.origin}/admin/`);
      await camelAdmin.session();
      const t = await camelHost.createTenant('Camel');
      for (let i = 0; i < 2; i++) await scimFetch(`${t.baseUrl}/Users`, t.token, { headers: OKTA });
      const answer = await camelAdmin.request(`api/tenants/${t.tenantId}/health`);
      expect(answer.body.health).toMatchObject({ state: 'healthy', provider: 'okta', recentRequests: 2, recentErrors: 0 });
      expect(answer.body.health.lastSuccessAt).not.toBeNull();
      expect(answer.body.history.hourly.reduce((a: number, p: { requests: number }) => a + p.requests, 0)).toBe(2);
    } finally {
      await camelHost.close();
      await knex.destroy();
    }
  });
});
