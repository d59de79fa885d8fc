/**
 * The example wiki end to end on PostgreSQL (a database of its own): an identity provider provisions users and
 * nested groups, the wiki decides sign-in from the read API, keeps non-admins out of the SCIM admin UI, refuses
 * foreign e-mail domains through its hook, ends a deactivated user's session on the event, and copies the change
 * feed into its audit trail.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../../test/support/database.js';
import { memoryLogger } from '../../test/support/http-host.js';
import { AdminClient } from '../../test/http/admin-api/admin-client.js';
import { ProvisioningClient, USER_SCHEMA } from '../../test/integration/host/provisioning-client.js';
import { createHostApp, type HostApp } from './host-app.js';
import { SESSION_COOKIE } from './sessions.js';

let knex: Knex;
let wiki: HostApp;
let server: Server;
let origin: string;
let tenantId: string;
let idp: ProvisioningClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  knex = knexFactory({ client: 'pg', connection: await createEmptyDatabase(), pool: { min: 0, max: 10 } });
  wiki = createHostApp({ knex, logger: memoryLogger(), allowedEmailDomains: ['example.com'], auditIntervalMs: 200 });
  await wiki.start();
  server = await new Promise<Server>((resolve) => {
    const s = wiki.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { tenant, credential } = await wiki.scim.tenants.create('Acme');
  tenantId = tenant.id;
  idp = new ProvisioningClient(`${origin}/scim/${tenant.id}/v2`, credential.token);

  // What the identity provider pushes: Ada in Engineering, which is nested in Wiki Users; Ada also a Wiki Admin;
  // Grace directly in Wiki Users; Bob in no group.
  ids.ada = await idp.createUser('ada', { displayName: 'Ada Lovelace' });
  ids.grace = await idp.createUser('grace');
  ids.bob = await idp.createUser('bob');
  ids.engineering = await idp.createGroup('Engineering', [ids.ada!]);
  ids.wikiUsers = await idp.createGroup('Wiki Users', [ids.engineering!, ids.grace!]);
  ids.wikiAdmins = await idp.createGroup('Wiki Admins', [ids.ada!]);
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await wiki?.close();
  await knex?.destroy();
});

/** Signs in; returns the session cookie, or the refusal. */
async function login(email: string): Promise<{ status: number; cookie?: string; body: { error?: string; userName?: string } }> {
  const response = await fetch(`${origin}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: tenantId, email }) });
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0];
  return { status: response.status, ...(cookie ? { cookie } : {}), body: (await response.json()) as { error?: string } };
}

const get = (path: string, cookie?: string) => fetch(`${origin}${path}`, { headers: cookie ? { cookie } : {} });

describe('the example host', () => {
  it('lets in active members of Wiki Users, through nested groups, and says why not to others', async () => {
    const ada = await login('ADA@example.com');
    expect(ada.status).toBe(200);
    expect(ada.body.userName).toBe('ada');
    const me = await (await get('/me', ada.cookie)).json();
    expect(me.user.userName).toBe('ada');
    expect(me.groups.map((g: { displayName: string; type: string }) => [g.displayName, g.type])).toEqual([
      ['Engineering', 'direct'],
      ['Wiki Admins', 'direct'],
      ['Wiki Users', 'indirect'],
    ]);
    const bob = await login('bob@example.com');
    expect(bob).toMatchObject({ status: 403, body: { error: 'The user is not in the group "Wiki Users".' } });
    expect((await login('nobody@example.com')).status).toBe(403);
    const roster = await (await get('/roster', ada.cookie)).json();
    expect(roster.maySignIn.map((u: { userName: string }) => u.userName)).toEqual(['ada', 'grace']);
  });

  it('puts its own admin check in front of the SCIM admin UI', async () => {
    expect((await get('/admin/scim/api/tenants')).status).toBe(401);
    const grace = await login('grace@example.com');
    expect((await get('/admin/scim/api/tenants', grace.cookie)).status).toBe(403);
    const ada = await login('ada@example.com');
    const admin = new AdminClient(`${origin}/admin/scim/`);
    const [name, value] = ada.cookie!.split('=');
    admin.cookies.set(name!, value!);
    await admin.session();
    const tenants = await admin.request('api/tenants');
    expect(tenants.status).toBe(200);
    expect(JSON.stringify(tenants.body)).toContain(tenantId);
    const ui = await get('/admin/scim/', ada.cookie);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/html/);
  });

  it('refuses users with a foreign e-mail domain at provisioning time, with its message', async () => {
    const response = await idp.call('/Users', { body: { schemas: [USER_SCHEMA], userName: 'eve', emails: [{ value: 'eve@evil.test' }] } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'invalidValue', detail: 'Acme Wiki accepts e-mail addresses of example.com only; got eve@evil.test.' });
  });

  it('ends the session of a user the identity provider deactivates, and of one who leaves the access group', async () => {
    const grace = await login('grace@example.com');
    expect((await get('/me', grace.cookie)).status).toBe(200);
    await idp.setActive(ids.grace!, false);
    await expect.poll(async () => (await get('/me', grace.cookie)).status, { timeout: 10_000, interval: 25 }).toBe(401);
    expect((await login('grace@example.com')).body.error).toBe('The user is deactivated in the identity provider.');

    // Ada is in Wiki Users only through Engineering: removing Engineering from Wiki Users takes her access away.
    const ada = await login('ada@example.com');
    await idp.removeMember(ids.wikiUsers!, ids.engineering!);
    await expect.poll(async () => (await get('/me', ada.cookie)).status, { timeout: 10_000, interval: 25 }).toBe(401);
  });

  it('copies the change feed into its audit trail, each change once', async () => {
    await wiki.audit.sync();
    const rows = await knex('wiki_audit').where({ tenant_id: tenantId }).orderBy('id');
    const types = rows.map((row) => `${row.type}:${row.resource_id}`);
    expect(new Set(types.filter((t) => t.startsWith('user.created'))).size).toBe(3);
    expect(types).toContain(`user.deactivated:${ids.grace}`);
    expect(types).toContain(`group.member_removed:${ids.wikiUsers}`);
    const expected = (await wiki.scim.changes.read({ tenantId, limit: 1000 })).changes.map((c) => `${c.type}:${c.resourceId}`);
    expect(types).toEqual(expected);
    const cursor = await knex('wiki_feed_cursor').where({ consumer: 'audit' }).first('cursor');
    expect((await wiki.scim.changes.read({ after: cursor.cursor })).changes).toEqual([]);
  });
});
