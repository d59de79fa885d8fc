import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvisioningServices } from '../../../lib/provisioning/services.js';
import { createAdminRouter } from '../../../lib/admin/admin-router.js';
import { ADMIN_CSP } from '../../../lib/admin/security-headers.js';
import { EventLogWriter } from '../../../lib/eventlog/event-log-writer.js';
import { resolveOptions } from '../../../lib/options.js';
import { TenantsService } from '../../../lib/tenants/tenants-service.js';
import { memoryLogger, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient, errorCode } from './admin-client.js';

let host: TestHost;

beforeAll(async () => {
  host = await startTestHost();
});
afterAll(() => host.close());

describe('admin API in a host application: CSRF and error shape', () => {
  it('gives a CSRF token in an HttpOnly, SameSite=Strict cookie scoped to the admin mount', async () => {
    const admin = new AdminClient(`${host.origin}/admin/`);
    const session = await admin.session();
    expect(session.body).toEqual({ authenticated: true, canSignOut: false, csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{32,}$/) });
    const cookie = session.headers.getSetCookie().find((c) => c.startsWith('scimdir_admin_csrf='));
    expect(cookie).toMatch(/; Path=\/admin; HttpOnly; SameSite=Strict/);
    expect(session.headers.get('cache-control')).toBe('no-store');
    // The same token while the cookie lasts.
    expect((await admin.session()).body.csrfToken).toBe(session.body.csrfToken);
  });

  it('refuses every state change without the CSRF header, with a wrong one, or without the cookie', async () => {
    const admin = new AdminClient(`${host.origin}/admin/`);
    await admin.session();
    const t = await host.createTenant('CSRF');
    const changes: [string, string, unknown][] = [
      ['POST', 'api/tenants', { name: 'x' }],
      ['PATCH', `api/tenants/${t.tenantId}`, { name: 'y' }],
      ['DELETE', `api/tenants/${t.tenantId}`, { confirm: 'CSRF' }],
      ['POST', `api/tenants/${t.tenantId}/credentials`, {}],
      ['POST', `api/tenants/${t.tenantId}/credentials/ffffffffffffffff/rotate`, {}],
      ['PATCH', `api/tenants/${t.tenantId}/settings`, { eventLogSize: 1 }],
      ['DELETE', `api/tenants/${t.tenantId}/users/00000000-0000-4000-8000-000000000000`, { confirm: true }],
    ];
    for (const [method, path, body] of changes) {
      const none = await admin.request(path, { method, body, csrf: null });
      expect(none.status, `${method} ${path}`).toBe(403);
      expect(errorCode(none)).toBe('csrf');
      const wrong = await admin.request(path, { method, body, csrf: 'x'.repeat(32) });
      expect(wrong.status, `${method} ${path}`).toBe(403);
    }
    const cookieless = new AdminClient(`${host.origin}/admin/`);
    cookieless.csrfToken = admin.csrfToken;
    expect((await cookieless.request('api/tenants', { body: { name: 'x' } })).status).toBe(403);
    // Nothing changed.
    expect((await host.directory.tenants.get(t.tenantId))?.name).toBe('CSRF');
    // Reads need no token.
    expect((await admin.request('api/tenants', { csrf: null })).status).toBe(200);
  });

  it('answers unknown endpoints and malformed JSON in its own error shape', async () => {
    const admin = new AdminClient(`${host.origin}/admin/`);
    await admin.session();
    const unknown = await admin.request('api/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'not_found', message: 'No admin API endpoint GET api/nothing.' } });
    const malformed = await admin.request('api/tenants', { body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'bad_request', field: 'body' });
  });

  it('sends the Content-Security-Policy and other protective headers on every answer', async () => {
    const answer = await fetch(`${host.origin}/admin/api/tenants`);
    expect(answer.headers.get('content-security-policy')).toBe(ADMIN_CSP);
    expect(ADMIN_CSP).toContain("script-src 'self'");
    expect(ADMIN_CSP).not.toContain('unsafe-inline');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('admin UI files', () => {
  let server: Server;
  let origin: string;
  let tenants: TenantsService;
  let ui: string;
  beforeAll(async () => {
    ui = mkdtempSync(join(tmpdir(), 'admin-ui-'));
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Admin</title><script type="module" src="./app.js"></script>');
    writeFileSync(join(ui, 'app.js'), 'export {};');
    const options = resolveOptions({ knex: host.knex, logger: memoryLogger() });
    tenants = new TenantsService(host.knex);
    const app = express();
    app.use('/host/admin', createAdminRouter({ options, tenants, eventLog: new EventLogWriter(host.knex, options.logger), provisioning: createProvisioningServices(options, tenants).deps, uiDirectory: ui }));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await tenants.close();
    rmSync(ui, { recursive: true, force: true });
  });

  it('redirects the mount point to its slash form, so the page’s relative URLs resolve under it', async () => {
    const answer = await fetch(`${origin}/host/admin?x=1`, { redirect: 'manual' });
    expect(answer.status).toBe(301);
    expect(answer.headers.get('location')).toBe('/host/admin/?x=1');
  });

  it('serves index.html and the scripts with the CSP', async () => {
    const page = await fetch(`${origin}/host/admin/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(ADMIN_CSP);
    expect(await page.text()).toContain('<title>Admin</title>');
    const script = await fetch(`${origin}/host/admin/app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it('computes SCIM URLs from the request and the SCIM mount path when no publicUrl is set', async () => {
    const admin = new AdminClient(`${origin}/host/admin/`);
    await admin.session();
    const created = await admin.request('api/tenants', { body: { name: 'URL' } });
    expect(created.body.tenant.scimUrl).toBe(`${origin}/scim/${created.body.tenant.id}/v2`);
  });
});
