import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient } from './admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

let host: TestHost;
let admin: AdminClient;

beforeAll(async () => {
  host = await startTestHost();
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
});
afterAll(() => host.close());

describe('admin API: event log', () => {
  it('lists recent requests newest first, filters by status class and resource, and shows one with its bodies', async () => {
    const t = await host.createTenant('Events');
    await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: 'ev@example.com', password: 'Secr3t!Secr3t!' }, headers: { 'user-agent': 'Azure AD SCIM Client' } });
    await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: 'ev@example.com' } });
    await scimFetch(`${t.baseUrl}/Groups?filter=displayName%20eq%20%22x%22`, t.token);
    await scimFetch(`${t.baseUrl}/Users`, 'scimdir_wrong0000000000');
    const all = await admin.request(`api/tenants/${t.tenantId}/events`);
    expect(all.status).toBe(200);
    expect(all.body.totalResults).toBe(4);
    expect(all.body.eventLogSize).toBe(500);
    expect(all.body.events.map((e: { method: string; path: string; status: number }) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'GET /Users 401',
      'GET /Groups 200',
      'POST /Users 409',
      'POST /Users 201',
    ]);
    expect(all.body.events[1].query).toBe('filter=displayName%20eq%20%22x%22');
    expect(all.body.events[3].userAgent).toBe('Azure AD SCIM Client');

    const errors = await admin.request(`api/tenants/${t.tenantId}/events?status=error`);
    expect(errors.body.events.map((e: { status: number }) => e.status)).toEqual([401, 409]);
    const fourxx = await admin.request(`api/tenants/${t.tenantId}/events?status=4xx&resource=Users&method=POST`);
    expect(fourxx.body.events.map((e: { status: number }) => e.status)).toEqual([409]);
    const groups = await admin.request(`api/tenants/${t.tenantId}/events?resource=Groups`);
    expect(groups.body.totalResults).toBe(1);
    const page = await admin.request(`api/tenants/${t.tenantId}/events?count=2&before=${all.body.events[1].id}`);
    expect(page.body.events.map((e: { id: string }) => e.id)).toEqual([all.body.events[2].id, all.body.events[3].id]);
    expect((await admin.request(`api/tenants/${t.tenantId}/events?status=6xx`)).body.error.field).toBe('status');
    const createdId = all.body.events[3].resourceId as string;
    expect(createdId).toMatch(/^[0-9a-f-]{36}$/);
    const aboutUser = await admin.request(`api/tenants/${t.tenantId}/events?resourceId=${createdId}`);
    expect(aboutUser.body.events.map((e: { id: string }) => e.id)).toEqual([all.body.events[3].id]);

    const conflict = await admin.request(`api/tenants/${t.tenantId}/events/${all.body.events[2].id}`);
    expect(conflict.body.event).toMatchObject({ status: 409, method: 'POST', path: '/Users' });
    expect(conflict.body.event.requestBody).toContain('ev@example.com');
    expect(conflict.body.event.responseBody).toContain('uniqueness');
    const created = await admin.request(`api/tenants/${t.tenantId}/events/${all.body.events[3].id}`);
    expect(created.body.event.requestBody).toContain('"password":"[redacted]"');
    expect(created.text).not.toContain('Secr3t');
    expect((await admin.request(`api/tenants/${t.tenantId}/events/999999999`)).status).toBe(404);
    expect((await admin.request(`api/tenants/${t.tenantId}/events/abc`)).status).toBe(404);
  });

  it('does not show one tenant the events of another', async () => {
    const a = await host.createTenant('Events A');
    const b = await host.createTenant('Events B');
    await scimFetch(`${a.baseUrl}/Users`, a.token);
    const listA = await admin.request(`api/tenants/${a.tenantId}/events`);
    const listB = await admin.request(`api/tenants/${b.tenantId}/events`);
    expect(listA.body.totalResults).toBe(1);
    expect(listB.body.totalResults).toBe(0);
    expect((await admin.request(`api/tenants/${b.tenantId}/events/${listA.body.events[0].id}`)).status).toBe(404);
  });
});

describe('admin API: tenant status', () => {
  it('shows the SCIM URL, counts, the last request and its provider, and errors in the last 24 hours', async () => {
    const t = await host.createTenant('Status');
    const empty = await admin.request(`api/tenants/${t.tenantId}/status`);
    expect(empty.body).toMatchObject({ users: 0, activeUsers: 0, groups: 0, lastRequest: null, requestsLast24h: 0, errorsLast24h: 0, activeCredentials: 1 });
    expect(empty.body.scimUrl).toMatch(new RegExp(`/${t.tenantId}/v2$`));
    await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: 's1@example.com' } });
    await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: 's2@example.com', active: false } });
    await scimFetch(`${t.baseUrl}/Groups`, t.token, { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'G' } });
    await scimFetch(`${t.baseUrl}/Users/00000000-0000-4000-8000-000000000000`, t.token, { headers: { 'user-agent': 'Okta SCIM Client 1.0.0' } });
    const status = await admin.request(`api/tenants/${t.tenantId}/status`);
    expect(status.body).toMatchObject({ users: 2, activeUsers: 1, groups: 1, requestsLast24h: 4, errorsLast24h: 1 });
    expect(status.body.lastRequest).toMatchObject({ method: 'GET', status: 404, userAgent: 'Okta SCIM Client 1.0.0' });
    expect(Date.now() - Date.parse(status.body.lastRequest.at)).toBeLessThan(60_000);
  });
});

describe('admin API: settings', () => {
  it('reads and changes settings, and refuses bad values naming the setting', async () => {
    const t = await host.createTenant('Settings');
    expect((await admin.request(`api/tenants/${t.tenantId}/settings`)).body.settings).toEqual({
      eventLogSize: 500,
      groupPatchResponse: 'noContent',
      linkUsersOnConflict: false,
      rateLimitPerSecond: 50,
      rateLimitBurst: 500,
      unknownAttributes: 'ignore',
      unknownRoles: 'keep',
      deprovisioningGuard: false,
      deprovisioningGuardPercent: 10,
      deprovisioningGuardMinimum: 20,
      deprovisioningGuardWindowMinutes: 60,
    });
    const changed = await admin.request(`api/tenants/${t.tenantId}/settings`, { method: 'PATCH', body: { linkUsersOnConflict: true, groupPatchResponse: 'resource' } });
    expect(changed.status).toBe(200);
    expect(changed.body.settings).toMatchObject({ eventLogSize: 500, groupPatchResponse: 'resource', linkUsersOnConflict: true });
    for (const [body, field] of [
      [{ eventLogSize: -1 }, 'eventLogSize'],
      [{ eventLogSize: 1.5 }, 'eventLogSize'],
      [{ groupPatchResponse: 'sometimes' }, 'groupPatchResponse'],
      [{ linkUsersOnConflict: 'yes' }, 'linkUsersOnConflict'],
      [{ rateLimitPerSecond: -1 }, 'rateLimitPerSecond'],
      [{ rateLimitBurst: 0 }, 'rateLimitBurst'],
      [{ deprovisioningGuard: 'on' }, 'deprovisioningGuard'],
      [{ deprovisioningGuardPercent: 0 }, 'deprovisioningGuardPercent'],
      [{ deprovisioningGuardPercent: 101 }, 'deprovisioningGuardPercent'],
      [{ deprovisioningGuardMinimum: 0 }, 'deprovisioningGuardMinimum'],
      [{ deprovisioningGuardWindowMinutes: 1.5 }, 'deprovisioningGuardWindowMinutes'],
      [{ colour: 'red' }, 'colour'],
    ] as const) {
      const refused = await admin.request(`api/tenants/${t.tenantId}/settings`, { method: 'PATCH', body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.field, JSON.stringify(body)).toBe(field);
    }
    expect((await admin.request(`api/tenants/${t.tenantId}/settings`)).body.settings.linkUsersOnConflict).toBe(true);
  });

  it('lowering the event log size trims the stored log at once', async () => {
    const t = await host.createTenant('Trim');
    for (let i = 0; i < 5; i++) await scimFetch(`${t.baseUrl}/Users?i=${i}`, t.token);
    expect((await admin.request(`api/tenants/${t.tenantId}/events`)).body.totalResults).toBe(5);
    await admin.request(`api/tenants/${t.tenantId}/settings`, { method: 'PATCH', body: { eventLogSize: 2 } });
    const trimmed = await admin.request(`api/tenants/${t.tenantId}/events`);
    expect(trimmed.body.events.map((e: { query: string }) => e.query)).toEqual(['i=4', 'i=3']);
  });

  it('user linking on create: a POST /Users that conflicts on userName returns the existing user when switched on', async () => {
    const t = await host.createTenant('Linking');
    const first = await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: 'link@example.com' } });
    expect((await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: 'LINK@example.com' } })).status).toBe(409);
    await admin.request(`api/tenants/${t.tenantId}/settings`, { method: 'PATCH', body: { linkUsersOnConflict: true } });
    await new Promise((r) => setTimeout(r, host.directory.options.verificationCacheMs + 20));
    const linked = await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: 'LINK@example.com' } });
    expect(linked.status).toBeLessThan(300);
    expect(linked.body.id).toBe(first.body.id);
  });
});
