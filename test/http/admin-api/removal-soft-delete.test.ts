import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient } from './admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

let host: TestHost;
let admin: AdminClient;

beforeAll(async () => {
  host = await startTestHost({ softDelete: true });
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
});
afterAll(() => host.close());

describe('admin removal with the softDelete option', () => {
  it('runs the SCIM delete: a tombstone the host still sees, 404 over SCIM, the change marked as the admin’s', async () => {
    const t = await host.createTenant('Soft removal');
    const created = await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: 'leaver@example.com' } });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const heard: string[] = [];
    host.directory.on('user.deleted', (event) => {
      if (event.resourceId === id) heard.push(event.type);
    });
    await host.directory.eventsReady();
    const removed = await admin.request(`api/tenants/${t.tenantId}/users/${id}`, { method: 'DELETE', body: { confirm: true } });
    expect(removed.status).toBe(204);
    expect((await scimFetch(`${t.baseUrl}/Users/${id}`, t.token)).status).toBe(404);
    const tombstone = await host.directory.directory.users.get(t.tenantId, id, { includeDeleted: true });
    expect(tombstone?.userName).toBe('leaver@example.com');
    const change = await host.knex('scim_changes').where({ tenant_id: t.tenantId, resource_id: id, type: 'user.deleted' }).first();
    expect(change.data).toMatchObject({ tombstone: true, source: 'admin' });
    await expect.poll(() => heard, { timeout: 5000 }).toEqual(['user.deleted']);
  });
});
