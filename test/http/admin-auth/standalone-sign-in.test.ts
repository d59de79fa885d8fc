import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimDirectory, type ScimDirectory } from '../../../lib/directory.js';
import { createAdminAuth, createSessionValue, SESSION_COOKIE } from '../../../lib/server/admin-auth.js';
import { ADMIN_SECRET_PREFIX, forgetStoredAdminSecret, resolveAdminSecret, type AdminSecret } from '../../../lib/server/admin-secret.js';
import { createStandaloneApp } from '../../../lib/server/standalone-app.js';
import { migrateToLatest } from '../../../lib/store/migration-source.js';
import { createEmptyDatabase } from '../../support/database.js';
import { memoryLogger } from '../../support/http-host.js';
import { AdminClient, errorCode } from '../admin-api/admin-client.js';

const ADMIN_TOKEN = 'correct-horse-battery-staple-42';

let knex: Knex;
let directory: ScimDirectory;
let secret: AdminSecret;
let server: Server;
let origin: string;

beforeAll(async () => {
  knex = knexFactory({ client: 'pg', connection: await createEmptyDatabase(), pool: { min: 0, max: 5 } });
  await migrateToLatest(knex);
  directory = createScimDirectory({ knex, logger: memoryLogger() });
  secret = await resolveAdminSecret(knex, ADMIN_TOKEN);
  const app = createStandaloneApp({
    directory,
    adminGuard: createAdminAuth({ secret, logger: memoryLogger(), maxFailures: 3 }),
    checkDatabase: async () => undefined,
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await directory.close();
  await knex.destroy();
});

async function signedIn(): Promise<AdminClient> {
  const admin = new AdminClient(`${origin}/admin/`);
  await admin.session();
  const answer = await admin.request('api/session', { body: { secret: ADMIN_TOKEN } });
  expect(answer.status).toBe(200);
  return admin;
}

describe('standalone admin sign-in', () => {
  it('refuses the admin API without a session, reads and changes alike', async () => {
    const admin = new AdminClient(`${origin}/admin/`);
    const session = await admin.session();
    expect(session.body).toMatchObject({ authenticated: false, canSignOut: true, csrfToken: expect.any(String) });
    for (const [path, method] of [
      ['api/tenants', 'GET'],
      ['api/tenants', 'POST'],
      ['api/tenants/abcdefabcdef/events', 'GET'],
      ['api/tenants/abcdefabcdef', 'DELETE'],
    ] as const) {
      const answer = await admin.request(path, { method, ...(method === 'GET' ? {} : { body: { name: 'x', confirm: 'x' } }) });
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(errorCode(answer)).toBe('unauthenticated');
    }
    expect(await directory.tenants.list()).toEqual([]);
  });

  it('refuses a wrong admin secret, naming the field', async () => {
    const admin = new AdminClient(`${origin}/admin/`);
    await admin.session();
    const wrong = await admin.request('api/session', { body: { secret: 'not-the-secret' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'unauthenticated', field: 'secret' });
    expect(admin.cookies.has(SESSION_COOKIE)).toBe(false);
    expect((await admin.request('api/tenants')).status).toBe(401);
  });

  it('refuses a sign-in without the CSRF header (login CSRF)', async () => {
    const admin = new AdminClient(`${origin}/admin/`);
    await admin.session();
    const answer = await admin.request('api/session', { body: { secret: ADMIN_TOKEN }, csrf: null });
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe('csrf');
    expect(admin.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('signs in with the right secret: an HttpOnly, SameSite=Strict session cookie scoped to /admin', async () => {
    const admin = new AdminClient(`${origin}/admin/`);
    await admin.session();
    const answer = await admin.request('api/session', { body: { secret: ADMIN_TOKEN } });
    expect(answer.status).toBe(200);
    const cookie = answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=28800$/);
    expect(cookie).not.toContain('Secure');
    expect((await admin.session()).body.authenticated).toBe(true);
    const created = await admin.request('api/tenants', { body: { name: 'Signed in' } });
    expect(created.status).toBe(201);
    expect(created.body.tenant.scimUrl).toBe(`${origin}/scim/${created.body.tenant.id}/v2`);
  });

  it('marks cookies Secure behind an HTTPS proxy', async () => {
    const admin = new AdminClient(`${origin}/admin/`);
    const session = await admin.request('api/session', { headers: { 'x-forwarded-proto': 'https' } });
    admin.csrfToken = session.body.csrfToken;
    const answer = await admin.request('api/session', { body: { secret: ADMIN_TOKEN }, headers: { 'x-forwarded-proto': 'https' } });
    expect(answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/; Secure$/);
    expect(session.headers.getSetCookie().find((c) => c.startsWith('scimdir_admin_csrf='))).toMatch(/; Secure$/);
  });

  it('with a session, still refuses changes without the right CSRF token', async () => {
    const admin = await signedIn();
    const none = await admin.request('api/tenants', { body: { name: 'no csrf' }, csrf: null });
    const wrong = await admin.request('api/tenants', { body: { name: 'bad csrf' }, csrf: 'A'.repeat(32) });
    expect([none.status, wrong.status]).toEqual([403, 403]);
    expect((await directory.tenants.list()).map((t) => t.name)).not.toContain('bad csrf');
  });

  it('refuses tampered and expired session cookies', async () => {
    const admin = await signedIn();
    const value = admin.cookies.get(SESSION_COOKIE)!;
    admin.cookies.set(SESSION_COOKIE, value.replace(/^\d+/, String(Date.now() + 10 * 365 * 86_400_000)));
    expect((await admin.request('api/tenants')).status).toBe(401);
    admin.cookies.set(SESSION_COOKIE, encodeURIComponent(createSessionValue(secret.sessionKey, Date.now() - 1000)));
    expect((await admin.request('api/tenants')).status).toBe(401);
    admin.cookies.set(SESSION_COOKIE, encodeURIComponent(createSessionValue(secret.sessionKey, Date.now() + 60_000)));
    expect((await admin.request('api/tenants')).status).toBe(200);
    admin.cookies.set(SESSION_COOKIE, encodeURIComponent(createSessionValue(Buffer.alloc(32, 7), Date.now() + 60_000)));
    expect((await admin.request('api/tenants')).status).toBe(401);
  });

  it('signs out: the cookie is cleared and the API refuses again', async () => {
    const admin = await signedIn();
    const out = await admin.request('api/session', { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Max-Age=0/);
    expect((await admin.request('api/tenants')).status).toBe(401);
  });

  it('slows down repeated wrong secrets from one address with 429', async () => {
    const app = createStandaloneApp({ directory, adminGuard: createAdminAuth({ secret, logger: memoryLogger(), maxFailures: 2 }), checkDatabase: async () => undefined });
    const s = await new Promise<Server>((resolve) => {
      const x = app.listen(0, '127.0.0.1', () => resolve(x));
    });
    try {
      const admin = new AdminClient(`http://127.0.0.1:${(s.address() as AddressInfo).port}/admin/`);
      await admin.session();
      expect((await admin.request('api/session', { body: { secret: 'wrong-1' } })).status).toBe(401);
      expect((await admin.request('api/session', { body: { secret: 'wrong-2' } })).status).toBe(401);
      const throttled = await admin.request('api/session', { body: { secret: ADMIN_TOKEN } });
      expect(throttled.status).toBe(429);
      expect(errorCode(throttled)).toBe('too_many_requests');
    } finally {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it('lets the UI shell load without a session so the sign-in page can show', async () => {
    const page = await fetch(`${origin}/admin/`, { redirect: 'manual' });
    expect(page.status).not.toBe(401);
  });
});

describe('the admin secret', () => {
  it('is generated once on a fresh database, stored only as a digest, and not shown again', async () => {
    const db = knexFactory({ client: 'pg', connection: await createEmptyDatabase(), pool: { min: 0, max: 2 } });
    try {
      await migrateToLatest(db);
      const first = await resolveAdminSecret(db, undefined);
      expect(first.source).toBe('generated');
      expect(first.generated).toMatch(new RegExp(`^${ADMIN_SECRET_PREFIX}[A-Za-z0-9]{43}$`));
      const stored = JSON.stringify(await db('scim_settings').select('*'));
      expect(stored).not.toContain(first.generated);
      expect(stored).toContain(first.digest);
      const second = await resolveAdminSecret(db, undefined);
      expect(second).toMatchObject({ source: 'stored', digest: first.digest });
      expect(second.generated).toBeUndefined();
      expect(second.sessionKey.equals(first.sessionKey)).toBe(true);
      // Instances starting together agree on one secret.
      await forgetStoredAdminSecret(db);
      const racing = await Promise.all([resolveAdminSecret(db, undefined), resolveAdminSecret(db, undefined), resolveAdminSecret(db, undefined)]);
      expect(new Set(racing.map((r) => r.digest)).size).toBe(1);
      expect(racing.filter((r) => r.generated).length).toBe(1);
    } finally {
      await db.destroy();
    }
  });

  it('comes from ADMIN_TOKEN when set, which must not be short, and a new secret ends old sessions', async () => {
    await expect(resolveAdminSecret(knex, 'short')).rejects.toThrow(/ADMIN_TOKEN must be at least 16/);
    const other = await resolveAdminSecret(knex, 'another-long-admin-token');
    expect(other.source).toBe('environment');
    expect(other.sessionKey.equals(secret.sessionKey)).toBe(false);
  });
});
