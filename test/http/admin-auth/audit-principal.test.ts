import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimDirectory, type ScimDirectory } from '../../../lib/directory.js';
import { createAdminAuth, SESSION_COOKIE, standaloneAuditPrincipal } from '../../../lib/server/admin-auth.js';
import { resolveAdminSecret } from '../../../lib/server/admin-secret.js';
import { createStandaloneApp } from '../../../lib/server/standalone-app.js';
import { createAdminSessionsStore } from '../../../lib/store/admin-sessions-store.js';
import { migrateToLatest } from '../../../lib/store/migration-source.js';
import { createEmptyDatabase } from '../../support/database.js';
import { memoryLogger } from '../../support/http-host.js';
import { AdminClient } from '../admin-api/admin-client.js';

const ADMIN_TOKEN = 'audit-principal-secret-0123456789';

let knex: Knex;
let directory: ScimDirectory;
let server: Server;
let origin: string;

beforeAll(async () => {
  knex = knexFactory({ client: 'pg', connection: await createEmptyDatabase(), pool: { min: 0, max: 4 } });
  await migrateToLatest(knex);
  // As lib/server/open-directory.ts builds the standalone server's directory.
  directory = createScimDirectory({ knex, logger: memoryLogger(), auditPrincipal: standaloneAuditPrincipal });
  const secret = await resolveAdminSecret(knex, ADMIN_TOKEN);
  const app = createStandaloneApp({
    directory,
    adminGuard: createAdminAuth({ secret, logger: memoryLogger(), sessions: createAdminSessionsStore(knex) }),
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

async function signedIn(): Promise<{ admin: AdminClient; sessionId: string }> {
  const admin = new AdminClient(`${origin}/admin/`);
  await admin.session();
  expect((await admin.request('api/session', { body: { secret: ADMIN_TOKEN } })).status).toBe(200);
  // The cookie is `<expiry>.<session id>.<mac>`.
  const sessionId = decodeURIComponent(admin.cookies.get(SESSION_COOKIE) ?? '').split('.')[1] ?? '';
  return { admin, sessionId };
}

describe('audit principal of the standalone sign-in', () => {
  it('names the signed-in session in the trail, and tells two sessions apart', async () => {
    const first = await signedIn();
    const second = await signedIn();
    expect(first.sessionId).not.toBe(second.sessionId);
    const created = await first.admin.request('api/tenants', { body: { name: 'Standalone' }, headers: { 'x-scim-admin-client': 'ui' } });
    expect(created.status).toBe(201);
    const id: string = created.body.tenant.id;
    expect((await second.admin.request(`api/tenants/${id}`, { method: 'PATCH', body: { enabled: false } })).status).toBe(200);

    const trail = await first.admin.request(`api/audit?tenantId=${id}`);
    expect(trail.body.items.map((e: any) => [e.action, e.actor, e.source])).toEqual([
      ['tenant.disabled', `admin (standalone sign-in, session ${second.sessionId.slice(0, 8)})`, 'api'],
      ['tenant.created', `admin (standalone sign-in, session ${first.sessionId.slice(0, 8)})`, 'ui'],
    ]);
    // Only a prefix of the session id is recorded: too little to forge or replay the cookie.
    expect(trail.text).not.toContain(first.sessionId);
  });

  it('lets no one read the trail without signing in', async () => {
    const stranger = new AdminClient(`${origin}/admin/`);
    await stranger.session();
    expect((await stranger.request('api/audit')).status).toBe(401);
  });
});
