/**
 * Admin API of webhooks: create (the secret in that answer only), list, change, delete, an endpoint's delivery log
 * and redelivery; 400 naming the field for bad input, 409 without a key, 404 for unknown ids; each change in the
 * audit trail with who made it.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimDirectory } from '../../../lib/directory.js';
import { isolatedTestKnex } from '../../support/database.js';
import { memoryLogger, scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { TEST_KEY, userBody } from '../../integration/webhooks/webhook-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../integration/webhooks/webhook-receiver.js';
import { AdminClient } from './admin-client.js';

let knex: Knex;
let host: TestHost;
let admin: AdminClient;
let receiver: WebhookReceiver;

beforeAll(async () => {
  knex = await isolatedTestKnex();
  receiver = await startWebhookReceiver();
  host = await startTestHost({ knex, auditPrincipal: (req) => req.get('x-test-admin'), webhooks: { key: TEST_KEY, httpAllowedHosts: [receiver.host] } });
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
});
afterAll(async () => {
  await host.close();
  await receiver.close();
  await knex.destroy();
});

describe('admin API: webhooks', () => {
  it('creates an endpoint showing its secret once, lists, changes and deletes it', async () => {
    const { tenantId } = await host.createTenant('Hooks');
    const base = `api/tenants/${tenantId}/webhooks`;
    const empty = await admin.request(base);
    expect(empty.body).toMatchObject({ endpoints: [], keyConfigured: true });
    expect(empty.body.changeTypes).toContain('group.member_added');

    const created = await admin.request(base, { body: { name: 'CRM', url: receiver.url, changeTypes: ['user.created', 'user.deleted'] }, headers: { 'x-test-admin': 'ada@example.com' } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.endpoint).toMatchObject({ name: 'CRM', url: receiver.url, changeTypes: ['user.created', 'user.deleted'], enabled: true });
    const id: string = created.body.endpoint.id;
    const listed = await admin.request(base);
    expect(listed.body.endpoints.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(listed.text).not.toContain(created.body.secret);
    expect((await admin.request(`${base}/${id}`)).text).not.toContain(created.body.secret);

    const changed = await admin.request(`${base}/${id}`, { method: 'PATCH', body: { enabled: false, changeTypes: ['user.deleted'] } });
    expect(changed.status).toBe(200);
    expect(changed.body.endpoint).toMatchObject({ enabled: false, changeTypes: ['user.deleted'], name: 'CRM' });

    expect((await admin.request(`${base}/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin.request(`${base}/${id}`)).status).toBe(404);
    const trail = (await admin.request(`api/audit?tenantId=${tenantId}`)).body.items.filter((e: { action: string }) => e.action.startsWith('webhook.'));
    expect(trail.map((e: { action: string; source: string }) => [e.action, e.source])).toEqual([
      ['webhook.deleted', 'api'],
      ['webhook.updated', 'api'],
      ['webhook.created', 'api'],
    ]);
    expect(trail[2].actor).toBe('ada@example.com');
    expect(JSON.stringify(trail)).not.toContain(created.body.secret);
  });

  it('answers bad input with 400 naming the field, and unknown ids with 404', async () => {
    const { tenantId } = await host.createTenant('Hooks bad input');
    const base = `api/tenants/${tenantId}/webhooks`;
    const bad = async (body: unknown) => (await admin.request(base, { body })).body.error;
    expect(await bad({ name: 'x', url: 'http://10.0.0.1/hook', changeTypes: ['user.created'] })).toMatchObject({ code: 'bad_request', field: 'url' });
    expect(await bad({ name: 'x', url: 'https://example.com', changeTypes: 'user.created' })).toMatchObject({ field: 'changeTypes' });
    expect(await bad({ url: 'https://example.com', changeTypes: ['user.created'] })).toMatchObject({ field: 'name' });
    expect(await bad({ name: 'x', url: 'https://example.com', changeTypes: ['user.created'], enabled: 'yes' })).toMatchObject({ field: 'enabled' });
    expect(await bad([1])).toMatchObject({ field: 'body' });
    expect((await admin.request(`${base}/not-a-uuid`)).status).toBe(404);
    expect((await admin.request(`${base}/5d0c7a36-63c2-4a5e-9d4e-6f1d3a1b2c3d/deliveries`)).status).toBe(404);
    expect((await admin.request(`${base}/5d0c7a36-63c2-4a5e-9d4e-6f1d3a1b2c3d`, { method: 'PATCH', body: { name: 'y' } })).status).toBe(404);
    expect((await admin.request(`${base}/5d0c7a36-63c2-4a5e-9d4e-6f1d3a1b2c3d/deliveries/1/redeliver`, { method: 'POST' })).status).toBe(404);
    expect((await admin.request('api/tenants/nosuchtenant/webhooks')).status).toBe(404);
  });

  it('refuses to create an endpoint without a key with 409 and says what to set', async () => {
    const keyless = createScimDirectory({ knex, logger: memoryLogger(), webhooks: {} });
    const { tenantId } = await host.createTenant('Keyless');
    const express = (await import('express')).default;
    const app = express().use('/admin', keyless.adminRouter);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const client = new AdminClient(`http://127.0.0.1:${(server.address() as { port: number }).port}/admin/`);
      await client.session();
      expect((await client.request(`api/tenants/${tenantId}/webhooks`)).body.keyConfigured).toBe(false);
      const refused = await client.request(`api/tenants/${tenantId}/webhooks`, { body: { name: 'x', url: 'https://example.com', changeTypes: ['user.created'] } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/SCIM_WEBHOOK_KEY/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await keyless.close();
    }
  });

  it('lists deliveries newest first and redelivers one', async () => {
    const { tenantId, token, baseUrl } = await host.createTenant('Hooks log');
    const base = `api/tenants/${tenantId}/webhooks`;
    const id: string = (await admin.request(base, { body: { name: 'Log', url: receiver.url, changeTypes: ['user.created'] } })).body.endpoint.id;
    await scimFetch(`${baseUrl}/Users`, token, { body: userBody('one@example.com') });
    await scimFetch(`${baseUrl}/Users`, token, { body: userBody('two@example.com') });
    for (let i = 0; i < 5; i++) {
      const round = await host.directory.webhooks.worker.round();
      if (round.created + round.attempted === 0) break;
    }
    const log = await admin.request(`${base}/${id}/deliveries?count=1`);
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject({ totalResults: 2, itemsPerPage: 1, endpoint: { id } });
    expect(log.body.items[0]).toMatchObject({ changeType: 'user.created', status: 'succeeded', attempts: 1, lastStatus: 204, nextAttemptAt: null });
    expect(log.body.items[0].payload.data.userName).toBe('two@example.com');

    const again = await admin.request(`${base}/${id}/deliveries/${log.body.items[0].id}/redeliver`, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(again.body.delivery).toMatchObject({ status: 'pending', id: log.body.items[0].id });
    expect(typeof again.body.delivery.nextAttemptAt).toBe('string');
  });
});
