/**
 * Webhook deliveries from the change feed to a local receiver: signed as Standard Webhooks says (the receiver
 * verifies with the `standardwebhooks` package), in the documented shape, only of the change types an endpoint
 * subscribes to, and shown in the endpoint's delivery log.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture, userBody, activePatch } from './webhook-fixture.js';

const f = useWebhookFixture();

describe('webhook deliveries', () => {
  it('delivers each subscribed change signed with the endpoint secret, and logs it as succeeded', async () => {
    const { tenantId, scim } = await f.tenant();
    const created = await f.webhooks.create(tenantId, { name: 'Audit sink', url: f.receiver.url, changeTypes: ['user.created', 'user.deactivated'] });
    const { endpoint, secret } = created!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const user = (await scim('/Users', { body: userBody('ada@example.com') })).body;
    await scim(`/Users/${user.id}`, { method: 'PATCH', body: activePatch(false) });
    await scim(`/Users/${user.id}`, { method: 'PUT', body: { ...userBody('ada@example.com', false), displayName: 'Ada' } });
    f.receiver.received.length = 0;
    await f.drain();

    const mine = f.receiver.received.filter((r) => r.json.data.tenantId === tenantId);
    expect(mine.map((r) => r.json.type)).toEqual(['user.created', 'user.deactivated']);
    for (const r of mine) {
      const verified = new Webhook(secret).verify(r.body, {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      });
      expect(verified).toEqual(r.json);
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(() => new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(mine[0]!.body, mine[0]!.headers as Record<string, string>)).toThrow();
    expect(mine[0]!.json).toEqual({
      type: 'user.created',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { tenantId, resourceType: 'User', resourceId: user.id, cursor: expect.stringMatching(/^\d+-\d+$/), userName: 'ada@example.com', externalId: null, active: true },
    });

    const log = await f.webhooks.deliveries(tenantId, endpoint.id, { startIndex: 1, count: 10 });
    expect(log.totalResults).toBe(2);
    expect(log.items.map((d) => [d.changeType, d.status, d.attempts, d.lastStatus, d.nextAttemptAt])).toEqual([
      ['user.deactivated', 'succeeded', 1, 204, null],
      ['user.created', 'succeeded', 1, 204, null],
    ]);
    expect(mine.map((r) => r.headers['webhook-id'])).toEqual([log.items[1]!.messageId, log.items[0]!.messageId]);
  });

  it('sends nothing to a disabled endpoint, nor to one of another tenant, and resumes when it is enabled again', async () => {
    const a = await f.tenant();
    const b = await f.tenant();
    const { endpoint } = (await f.webhooks.create(a.tenantId, { name: 'A', url: f.receiver.url, changeTypes: ['group.created'] }))!;
    await f.webhooks.update(a.tenantId, endpoint.id, { enabled: false });
    await b.scim('/Groups', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Other tenant' } });
    await a.scim('/Groups', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'While disabled' } });
    f.receiver.received.length = 0;
    await f.drain();
    expect(f.receiver.received).toEqual([]);

    await f.webhooks.update(a.tenantId, endpoint.id, { enabled: true });
    await a.scim('/Groups', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Enabled again' } });
    await f.drain();
    expect(f.receiver.received.map((r) => [r.json.data.tenantId, r.json.data.displayName])).toEqual([[a.tenantId, 'Enabled again']]);
  });

  it('deletes the delivery log with its endpoint', async () => {
    const { tenantId, scim } = await f.tenant();
    const { endpoint } = (await f.webhooks.create(tenantId, { name: 'Short-lived', url: f.receiver.url, changeTypes: ['user.created'] }))!;
    await scim('/Users', { body: userBody('gone@example.com') });
    await f.drain();
    expect((await f.webhooks.deliveries(tenantId, endpoint.id, { startIndex: 1, count: 10 })).totalResults).toBe(1);
    expect(await f.webhooks.delete(tenantId, endpoint.id)).toBe(true);
    expect(await f.webhooks.get(tenantId, endpoint.id)).toBeUndefined();
    expect((await f.webhooks.deliveries(tenantId, endpoint.id, { startIndex: 1, count: 10 })).totalResults).toBe(0);
    expect(await f.webhooks.delete(tenantId, endpoint.id)).toBe(false);
  });
});

describe('delivery log retention', () => {
  it('prunes succeeded and failed deliveries past the retention, never pending ones', async () => {
    const { tenantId, scim } = await f.tenant();
    const { endpoint } = (await f.webhooks.create(tenantId, { name: 'Old log', url: f.receiver.url, changeTypes: ['user.created'] }))!;
    await scim('/Users', { body: userBody('old-1@example.com') });
    await scim('/Users', { body: userBody('old-2@example.com') });
    await f.drain();
    await scim('/Users', { body: userBody('pending@example.com') });
    await f.drain(); // the newest is made pending again below, as if its receiver were failing
    const log = async () => (await f.webhooks.deliveries(tenantId, endpoint.id, { startIndex: 1, count: 10 })).items;
    const [newest, middle, oldest] = await log();
    await f.knex.raw(`update scim_webhook_deliveries set completed_at = now() - interval '31 days' where tenant_id = ? and delivery_id = ?`, [tenantId, oldest!.id]);
    await f.knex.raw(`update scim_webhook_deliveries set status = 'pending', completed_at = null, next_attempt_at = now() + interval '1 hour' where tenant_id = ? and delivery_id = ?`, [tenantId, newest!.id]);
    expect(await f.webhooks.worker.pruneLog()).toBeGreaterThanOrEqual(1);
    expect((await log()).map((d) => [d.id, d.status])).toEqual([
      [newest!.id, 'pending'],
      [middle!.id, 'succeeded'],
    ]);
  });
});
