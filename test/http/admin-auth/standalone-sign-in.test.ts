import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimDirectory, type ScimDirectory } from '../../../lib/directory.js';
import { createAdminAuth, createSessionValue, SESSION_COOKIE } from '../../../lib/server/admin-auth.js';
import { ADMIN_SECRET_PREFIX, forgetStoredAdminSecret, resolveAdminSecret, type AdminSecret } from '../../../lib/server/admin-secret.js';
import { createStandaloneApp, type StandaloneAppParts } from '../../../lib/server/standalone-app.js';
import { createAdminSessionsStore } from '../../../lib/store/admin-sessions-store.js';
import { migrateToLatest } from '../../../lib/store/migration-source.js';
import { createEmptyDatabase, memoryPgliteKnex } from '../../support/database.js';
import { memoryLogger } from '../../support/http-host.js';
import { AdminClient, errorCode } from '../admin-api/admin-client.js';

const ADMIN_TOKEN = 'correct-horse-battery-staple-42';

let databaseUrl: string;
let knex: Knex;
let directory: ScimDirectory;
let secret: AdminSecret;
let server: Server;
let origin: string;

/** A standalone app of its own on a loopback port: another instance, or other settings. */
interface Instance {
  readonly origin: string;
  close(): Promise<void>;
}

async function startInstance(parts: Partial<StandaloneAppParts> & { maxFailures?: number; db?: Knex } = {}): Promise<Instance> {
  const { maxFailures, db = knex, ...rest } = parts;
  const app = createStandaloneApp({
    directory,
    adminGuard: createAdminAuth({ secret, logger: memoryLogger(), sessions: createAdminSessionsStore(db), ...(maxFailures ? { maxFailures } : {}) }),
    checkDatabase: async () => undefined,
    ...rest,
  });
  const listening = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    origin: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`,
    async close() {
      listening.closeAllConnections();
      await new Promise((r) => listening.close(r));
    },
  };
}

beforeAll(async () => {
  databaseUrl = await createEmptyDatabase();
  knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 5 } });
  await migrateToLatest(knex);
  directory = createScimDirectory({ knex, logger: memoryLogger() });
  secret = await resolveAdminSecret(knex, ADMIN_TOKEN);
  const app = createStandaloneApp({
    directory,
    adminGuard: createAdminAuth({ secret, logger: memoryLogger(), sessions: createAdminSessionsStore(knex), maxFailures: 3 }),
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

async function signedIn(at = origin): Promise<AdminClient> {
  const admin = new AdminClient(`${at}/admin/`);
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

  it('marks cookies Secure behind an HTTPS proxy it trusts (TRUST_PROXY), and only then', async () => {
    const signInOverHttps = async (at: string): Promise<{ session?: string; csrf?: string }> => {
      const admin = new AdminClient(`${at}/admin/`);
      const session = await admin.request('api/session', { headers: { 'x-forwarded-proto': 'https' } });
      admin.csrfToken = session.body.csrfToken;
      const answer = await admin.request('api/session', { body: { secret: ADMIN_TOKEN }, headers: { 'x-forwarded-proto': 'https' } });
      expect(answer.status).toBe(200);
      return {
        session: answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)),
        csrf: session.headers.getSetCookie().find((c) => c.startsWith('scimdir_admin_csrf=')),
      };
    };
    const behindProxy = await startInstance({ trustProxy: 'loopback' });
    try {
      const trusted = await signInOverHttps(behindProxy.origin);
      expect(trusted.session).toMatch(/; Secure$/);
      expect(trusted.csrf).toMatch(/; Secure$/);
    } finally {
      await behindProxy.close();
    }
    // Unset, the header is the client's word, not a proxy's.
    const direct = await signInOverHttps(origin);
    expect(direct.session).not.toContain('Secure');
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

  it('ends the session on the server: the signed-out cookie replayed is refused, on another instance too', async () => {
    // Another instance: its own pool on the same database.
    const otherKnex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
    const other = await startInstance({ db: otherKnex });
    try {
      const admin = await signedIn();
      const stolen = admin.cookies.get(SESSION_COOKIE)!;
      const elsewhere = new AdminClient(`${other.origin}/admin/`);
      elsewhere.cookies.set(SESSION_COOKIE, stolen);
      expect((await elsewhere.request('api/tenants')).status).toBe(200);

      expect((await admin.request('api/session', { method: 'DELETE' })).status).toBe(204);
      admin.cookies.set(SESSION_COOKIE, stolen);
      const replayed = await admin.request('api/tenants');
      expect(replayed.status).toBe(401);
      expect(errorCode(replayed)).toBe('unauthenticated');
      expect((await admin.session()).body.authenticated).toBe(false);
      expect((await elsewhere.request('api/tenants')).status).toBe(401);
      expect((await elsewhere.session()).body.authenticated).toBe(false);

      // Other sessions go on; the revocation is kept until the session would have expired.
      expect((await (await signedIn()).request('api/tenants')).status).toBe(200);
      const [row] = (await knex('scim_admin_revoked_sessions').where({ session_id: decodeURIComponent(stolen).split('.')[1] })) as { expires_at: Date }[];
      expect(row?.expires_at.getTime()).toBe(Number(decodeURIComponent(stolen).split('.')[0]));
    } finally {
      await other.close();
      await otherKnex.destroy();
    }
  });

  it('slows down repeated wrong secrets from one address with 429', async () => {
    const instance = await startInstance({ maxFailures: 2 });
    try {
      const admin = new AdminClient(`${instance.origin}/admin/`);
      await admin.session();
      expect((await admin.request('api/session', { body: { secret: 'wrong-1' } })).status).toBe(401);
      expect((await admin.request('api/session', { body: { secret: 'wrong-2' } })).status).toBe(401);
      const throttled = await admin.request('api/session', { body: { secret: ADMIN_TOKEN } });
      expect(throttled.status).toBe(429);
      expect(errorCode(throttled)).toBe('too_many_requests');
    } finally {
      await instance.close();
    }
  });

  it('counts failures by the connecting address unless TRUST_PROXY names the proxy: X-Forwarded-For cannot dodge the throttle', async () => {
    const attempt = async (at: string, forwardedFor: string, secretTried: string): Promise<number> => {
      const admin = new AdminClient(`${at}/admin/`);
      await admin.session();
      return (await admin.request('api/session', { body: { secret: secretTried }, headers: { 'x-forwarded-for': forwardedFor } })).status;
    };
    const direct = await startInstance({ maxFailures: 2 });
    const behindProxy = await startInstance({ maxFailures: 2, trustProxy: 'loopback' });
    try {
      // Unset: every attempt counts against 127.0.0.1, whatever address the header claims.
      expect(await attempt(direct.origin, '203.0.113.1', 'wrong-1')).toBe(401);
      expect(await attempt(direct.origin, '203.0.113.2', 'wrong-2')).toBe(401);
      expect(await attempt(direct.origin, '203.0.113.3', ADMIN_TOKEN)).toBe(429);
      // Trusted loopback proxy: the forwarded address is the client's, so each address has its own count.
      expect(await attempt(behindProxy.origin, '203.0.113.1', 'wrong-1')).toBe(401);
      expect(await attempt(behindProxy.origin, '203.0.113.1', 'wrong-2')).toBe(401);
      expect(await attempt(behindProxy.origin, '203.0.113.1', ADMIN_TOKEN)).toBe(429);
      expect(await attempt(behindProxy.origin, '203.0.113.2', ADMIN_TOKEN)).toBe(200);
    } finally {
      await direct.close();
      await behindProxy.close();
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

describe('signed-out sessions on PGlite', () => {
  let db: Knex;
  // Starting PGlite and migrating it takes seconds: done in the hook, whose timeout allows for a busy machine.
  beforeAll(async () => {
    db = memoryPgliteKnex();
    await migrateToLatest(db);
  });
  afterAll(() => db.destroy());

  it('are recorded and found, and expired ones pruned by the next sign-out', async () => {
    const sessions = createAdminSessionsStore(db);
    await sessions.revoke('expired', new Date(Date.now() - 60_000));
    expect(await sessions.isRevoked('expired')).toBe(true);
    await sessions.revoke('current', new Date(Date.now() + 60_000));
    await sessions.revoke('current', new Date(Date.now() + 60_000));
    expect(await sessions.isRevoked('current')).toBe(true);
    expect(await sessions.isRevoked('expired')).toBe(false);
    expect(await sessions.isRevoked('never-signed-out')).toBe(false);
  });
});
