/**
 * Extension attributes the tenant's schemas do not define, on PostgreSQL and on the embedded database: ignored by
 * default with their names in the event log, refused with 400 naming them when the tenant's `unknownAttributes`
 * setting says `reject`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { BOTH_DATABASES } from '../support/both-databases.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';
import { AdminClient } from './admin-api/admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ENTRA_CUSTOM = 'urn:ietf:params:scim:schemas:extension:Fabrikam:2.0:User';

type Tenant = { tenantId: string; token: string; baseUrl: string };

describe.each(BOTH_DATABASES)('unknown extension attributes on %s', (_name, open) => {
  let knex: Knex;
  let host: TestHost;
  let admin: AdminClient;
  let tenant: Tenant;
  const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

  beforeAll(async () => {
    knex = await open();
    host = await startTestHost({ knex, rateLimits: false });
    await host.directory.migrate();
    tenant = await host.createTenant('Unknown attributes');
    admin = new AdminClient(`${host.origin}/admin/`);
    await admin.session();
  });
  afterAll(async () => {
    await host.close();
    await knex.destroy();
  });

  /** The ignored attributes the event log shows for the newest request. */
  async function lastIgnored(): Promise<unknown> {
    // The admin API flushes the batched event log before it lists.
    const listed = await admin.request(`api/tenants/${tenant.tenantId}/events`);
    const [newest] = listed.body.events as { id: string }[];
    return (await admin.request(`api/tenants/${tenant.tenantId}/events/${newest!.id}`)).body.event.ignoredAttributes;
  }

  it('ignores them by default, stores the rest, and the event log names what was ignored', async () => {
    const created = await call('/Users', {
      body: { schemas: [USER, ENTRA_CUSTOM], userName: 'ada', [ENTRA_CUSTOM]: { costCode: 'C1', region: 'EU' }, [ENTERPRISE]: { department: 'R&D', shoeSize: 9 }, [`${ENTRA_CUSTOM}:badge`]: '7' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body[ENTRA_CUSTOM]).toBeUndefined();
    expect(created.body[ENTERPRISE]).toEqual({ department: 'R&D' });
    await expect.poll(lastIgnored, { timeout: 20_000, interval: 200 }).toEqual([`${ENTRA_CUSTOM}:costCode`, `${ENTRA_CUSTOM}:region`, `${ENTERPRISE}:shoeSize`, `${ENTRA_CUSTOM}:badge`]);

    const patched = await call(`/Users/${created.body.id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'add', value: { displayName: 'Ada', [ENTERPRISE]: { shoeSize: 10 } } }] } });
    // PATCH names what it cannot apply, as before: there is nothing to ignore silently.
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('invalidPath');
    expect(patched.body.detail).toContain(`${ENTERPRISE}:shoeSize`);

    const group = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Ops', 'urn:okta:acme:1.0:group': { owner: 'x' } } });
    expect(group.status).toBe(201);
    await expect.poll(lastIgnored, { timeout: 20_000, interval: 200 }).toEqual(['urn:okta:acme:1.0:group:owner']);
  });

  it('refuses them with 400 naming them when the tenant setting says reject', async () => {
    const set = await admin.request(`api/tenants/${tenant.tenantId}/settings`, { method: 'PATCH', body: { unknownAttributes: 'reject' } });
    expect(set.status, set.text).toBe(200);
    const refused = await call('/Users', { body: { schemas: [USER, ENTRA_CUSTOM], userName: 'grace', [ENTRA_CUSTOM]: { costCode: 'C1' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.scimType).toBe('invalidSyntax');
    expect(refused.body.detail).toContain(`'${ENTRA_CUSTOM}:costCode'`);
    const grace = await call('/Users', { body: { schemas: [USER], userName: 'grace' } });
    expect(grace.status).toBe(201);
    const replaced = await call(`/Users/${grace.body.id}`, { method: 'PUT', body: { schemas: [USER], userName: 'grace', [ENTERPRISE]: { costume: 'x' } } });
    expect(replaced.status).toBe(400);
    expect(replaced.body.detail).toContain(`'${ENTERPRISE}:costume'`);
    const bad = await admin.request(`api/tenants/${tenant.tenantId}/settings`, { method: 'PATCH', body: { unknownAttributes: 'drop' } });
    expect(bad.status).toBe(400);
  });

  it('treats Bulk operations alike: batched user creates and single operations name what they ignore, or are refused', async () => {
    const bulk = (operations: unknown[]) => call('/Bulk', { body: { schemas: [BULK], Operations: operations } });
    const ignore = await admin.request(`api/tenants/${tenant.tenantId}/settings`, { method: 'PATCH', body: { unknownAttributes: 'ignore' } });
    expect(ignore.status, ignore.text).toBe(200);
    const accepted = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'u1', data: { schemas: [USER, ENTRA_CUSTOM], userName: 'bulk-ada', [ENTRA_CUSTOM]: { costCode: 'C1' } } },
      { method: 'POST', path: '/Users', bulkId: 'u2', data: { schemas: [USER], userName: 'bulk-alan' } },
      { method: 'POST', path: '/Groups', bulkId: 'g1', data: { schemas: [GROUP], displayName: 'Bulk ops', 'urn:okta:acme:1.0:group': { owner: 'x' } } },
    ]);
    expect(accepted.status, accepted.text).toBe(200);
    expect((accepted.body.Operations as { status: string }[]).map((operation) => operation.status)).toEqual(['201', '201', '201']);
    await expect
      .poll(lastIgnored, { timeout: 20_000, interval: 200 })
      .toEqual([`Operations[0]: ${ENTRA_CUSTOM}:costCode`, 'Operations[2]: urn:okta:acme:1.0:group:owner']);

    const reject = await admin.request(`api/tenants/${tenant.tenantId}/settings`, { method: 'PATCH', body: { unknownAttributes: 'reject' } });
    expect(reject.status, reject.text).toBe(200);
    const refused = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'r1', data: { schemas: [USER, ENTRA_CUSTOM], userName: 'bulk-grace', [ENTRA_CUSTOM]: { costCode: 'C2' } } },
      { method: 'POST', path: '/Users', bulkId: 'r2', data: { schemas: [USER], userName: 'bulk-edsger' } },
    ]);
    expect(refused.status, refused.text).toBe(200);
    const [first, second] = refused.body.Operations as { status: string; response?: { scimType?: string; detail?: string } }[];
    expect(first?.status).toBe('400');
    expect(first?.response?.scimType).toBe('invalidSyntax');
    expect(first?.response?.detail).toContain(`'${ENTRA_CUSTOM}:costCode'`);
    expect(second?.status).toBe('201');
    const graceFound = await call(`/Users?filter=${encodeURIComponent('userName eq "bulk-grace"')}`);
    expect(graceFound.body.totalResults).toBe(0);
  });
});
