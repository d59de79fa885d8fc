/**
 * Endpoints: secrets encrypted at rest (and never in logs or the audit trail), creation refused without a key,
 * plain HTTP only to allowed hosts, manual redelivery with the same `webhook-id`, and every change in the audit
 * trail.
 */
import { describe, expect, it } from 'vitest';
import { createScimDirectory } from '../../../lib/directory.js';
import { parseWebhookKey, SecretBox, secretContext } from '../../../lib/webhooks/secret-box.js';
import { WebhookKeyMissingError } from '../../../lib/webhooks/webhooks-service.js';
import { memoryLogger } from '../../support/http-host.js';
import { TEST_KEY, useWebhookFixture, userBody } from './webhook-fixture.js';

const f = useWebhookFixture();

describe('webhook endpoints', () => {
  it('stores the secret encrypted under the key, bound to its endpoint', async () => {
    const { tenantId } = await f.tenant();
    const { endpoint, secret } = (await f.webhooks.create(tenantId, { name: 'Vault', url: 'https://hooks.example.com/scim', changeTypes: ['user.deleted'] }))!;
    const { rows } = await f.knex.raw<{ rows: { secret_encrypted: string }[] }>('select secret_encrypted from scim_webhook_endpoints where tenant_id = ? and endpoint_id = ?', [tenantId, endpoint.id]);
    const stored = rows[0]!.secret_encrypted;
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice('whsec_'.length));
    expect(new SecretBox(parseWebhookKey(TEST_KEY)).open(stored, secretContext(tenantId, endpoint.id))).toBe(secret);
    expect(() => new SecretBox(parseWebhookKey('ab'.repeat(32))).open(stored, secretContext(tenantId, endpoint.id))).toThrow();
    expect(() => new SecretBox(parseWebhookKey(TEST_KEY)).open(stored, secretContext(tenantId, '00000000-0000-0000-0000-000000000000'))).toThrow();
    expect(JSON.stringify(await f.webhooks.list(tenantId))).not.toContain(secret);
    expect(JSON.stringify(f.logs.lines)).not.toContain(secret);
    expect(JSON.stringify(await f.host.directory.tenants.audit.list({ startIndex: 1, count: 100 }, { tenantId }))).not.toContain(secret);
  });

  it('refuses to create an endpoint without a key, saying which variable to set', async () => {
    const { tenantId } = await f.tenant();
    const keyless = createScimDirectory({ knex: f.knex, logger: memoryLogger(), webhooks: {} });
    try {
      await expect(keyless.webhooks.create(tenantId, { name: 'No key', url: 'https://hooks.example.com', changeTypes: ['user.created'] })).rejects.toThrow(WebhookKeyMissingError);
      await expect(keyless.webhooks.create(tenantId, { name: 'No key', url: 'https://hooks.example.com', changeTypes: ['user.created'] })).rejects.toThrow(/SCIM_WEBHOOK_KEY/);
      expect(keyless.webhooks.keyConfigured).toBe(false);
      expect(await keyless.webhooks.worker.round()).toEqual({ created: 0, attempted: 0, succeeded: 0 });
    } finally {
      await keyless.close();
    }
  });

  it('takes plain http only to allowed hosts, and checks name and change types', async () => {
    const { tenantId } = await f.tenant();
    const create = (url: string, changeTypes: string[] = ['user.created'], name = 'Hook') => f.webhooks.create(tenantId, { name, url, changeTypes });
    await expect(create('http://internal.example.com/hook')).rejects.toThrow(/^url: the endpoint URL must use https/);
    await expect(create('http://127.0.0.2:9/hook')).rejects.toThrow(/not one/);
    await expect(create('ftp://example.com/')).rejects.toThrow(/must use https/);
    await expect(create('https://user:pw@example.com/')).rejects.toThrow(/credentials/);
    await expect(create('not a url')).rejects.toThrow(/not an absolute URL/);
    await expect(create('https://example.com/', ['user.exploded'])).rejects.toThrow(/^changeTypes:/);
    await expect(create('https://example.com/', [])).rejects.toThrow(/^changeTypes:/);
    await expect(create('https://example.com/', ['user.created'], ' ')).rejects.toThrow(/^name:/);
    expect(await create(f.receiver.url)).toBeDefined();
    expect(await create('https://hooks.example.com/scim')).toBeDefined();
    expect(await f.webhooks.create('nosuchtenant', { name: 'x', url: 'https://example.com', changeTypes: ['user.created'] })).toBeUndefined();
  });

  it('redelivers a delivery on request with the same webhook-id, and records it in the audit trail', async () => {
    const { tenantId, scim } = await f.tenant();
    const { endpoint } = (await f.webhooks.create(tenantId, { name: 'Replay', url: f.receiver.url, changeTypes: ['user.created'] }, { actor: 'ops@example.com', source: 'api' }))!;
    await scim('/Users', { body: userBody('replay@example.com') });
    f.receiver.received.length = 0;
    await f.drain();
    const [delivery] = (await f.webhooks.deliveries(tenantId, endpoint.id, { startIndex: 1, count: 10 })).items;
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1 });

    const again = await f.webhooks.redeliver(tenantId, endpoint.id, delivery!.id, { actor: 'ops@example.com', source: 'api' });
    expect(again).toMatchObject({ status: 'pending', attempts: 1 });
    await f.drain();
    expect(f.receiver.received.map((r) => r.headers['webhook-id'])).toEqual([delivery!.messageId, delivery!.messageId]);
    expect((await f.webhooks.deliveries(tenantId, endpoint.id, { startIndex: 1, count: 10 })).items[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await f.webhooks.redeliver(tenantId, endpoint.id, '999999999')).toBeUndefined();

    await f.webhooks.update(tenantId, endpoint.id, { name: 'Replay 2', enabled: false }, { actor: 'ops@example.com', source: 'api' });
    await f.webhooks.delete(tenantId, endpoint.id, { actor: 'ops@example.com', source: 'api' });
    const trail = (await f.host.directory.tenants.audit.list({ startIndex: 1, count: 20 }, { tenantId })).items.filter((e) => e.action.startsWith('webhook.'));
    expect(trail.map((e) => [e.action, e.actor, e.target?.type, e.target?.id])).toEqual([
      ['webhook.deleted', 'ops@example.com', 'webhook', endpoint.id],
      ['webhook.updated', 'ops@example.com', 'webhook', endpoint.id],
      ['webhook.redelivered', 'ops@example.com', 'webhook', endpoint.id],
      ['webhook.created', 'ops@example.com', 'webhook', endpoint.id],
    ]);
    expect(trail[1]!.details).toEqual({ changes: { name: { from: 'Replay', to: 'Replay 2' }, enabled: { from: true, to: false } } });
    expect(trail[2]!.details).toMatchObject({ deliveryId: delivery!.id, changeType: 'user.created' });
  });
});
