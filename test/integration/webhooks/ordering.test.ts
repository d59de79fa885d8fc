/**
 * Order and exclusivity: a failing delivery of a resource holds back the later deliveries of that resource to that
 * endpoint, not those of other resources; and two directory instances working the same database (each with its own
 * knex) never send one delivery twice.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createScimDirectory } from '../../../lib/directory.js';
import { memoryLogger } from '../../support/http-host.js';
import { activePatch, TEST_KEY, useWebhookFixture, userBody } from './webhook-fixture.js';

const f = useWebhookFixture();

describe('webhook order and exclusivity', () => {
  it('holds later deliveries of a resource behind its failing one, and lets other resources through', async () => {
    const { tenantId, scim } = await f.tenant();
    await f.webhooks.create(tenantId, { name: 'Ordered', url: f.receiver.url, changeTypes: ['user.created', 'user.updated', 'user.deactivated'] });
    const x = (await scim('/Users', { body: userBody('x@example.com') })).body;
    await scim(`/Users/${x.id}`, { method: 'PUT', body: { ...userBody('x@example.com'), displayName: 'X' } });
    await scim(`/Users/${x.id}`, { method: 'PATCH', body: activePatch(false) });
    const y = (await scim('/Users', { body: userBody('y@example.com') })).body;
    f.retryDelay = () => 0;
    let xFailures = 3;
    f.receiver.answer = (r) => (r.json.data.resourceId === x.id && r.json.type === 'user.created' && xFailures-- > 0 ? 500 : 204);
    f.receiver.received.length = 0;

    await f.webhooks.worker.round();
    const firstRound = f.receiver.received.map((r) => [r.json.data.userName, r.json.type, r.answered]);
    expect(firstRound).toEqual(expect.arrayContaining([['x@example.com', 'user.created', 500], ['y@example.com', 'user.created', 204]]));
    expect(firstRound).toHaveLength(2);

    await f.drain();
    const forX = f.receiver.received.filter((r) => r.json.data.resourceId === x.id);
    const feedForX = (await f.host.directory.changes.read({ tenantId, limit: 100 })).changes.filter((c) => c.resourceId === x.id);
    expect(feedForX.map((c) => c.type)).toEqual(expect.arrayContaining(['user.created', 'user.updated', 'user.deactivated']));
    expect(forX.map((r) => [r.json.data.cursor, r.answered])).toEqual([
      ...Array.from({ length: 3 }, () => [feedForX[0]!.cursor, 500]),
      ...feedForX.map((c) => [c.cursor, 204]),
    ]);
    expect(f.receiver.received.filter((r) => r.json.data.resourceId === y.id)).toHaveLength(1);
    f.receiver.answer = () => 204;
  });

  it('sends each delivery once when two instances work the same database', async () => {
    const { tenantId, scim } = await f.tenant();
    const { secret } = (await f.webhooks.create(tenantId, { name: 'Shared', url: f.receiver.url, changeTypes: ['user.created'] }))!;
    const options = { key: TEST_KEY, httpAllowedHosts: [f.receiver.host], concurrency: 3 };
    const second = createScimDirectory({ knex: f.knex, logger: memoryLogger(), webhooks: options });
    const users = 24;
    for (let i = 0; i < users; i++) await scim('/Users', { body: userBody(`shared-${i}@example.com`) });
    f.receiver.received.length = 0;
    f.receiver.answer = () => ({ status: 204, afterMs: 5 });

    for (let i = 0; i < 40; i++) {
      const [a, b] = await Promise.all([f.webhooks.worker.round(), second.webhooks.worker.round()]);
      if (a.created + a.attempted + b.created + b.attempted === 0) break;
    }
    await second.close();
    const ids = f.receiver.received.map((r) => String(r.headers['webhook-id']));
    expect(ids).toHaveLength(users);
    expect(new Set(ids).size).toBe(users);
    for (const r of f.receiver.received) expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    f.receiver.answer = () => 204;
  });
});
