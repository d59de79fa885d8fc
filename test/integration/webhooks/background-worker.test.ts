/**
 * The background worker, started as the standalone server starts it, on the embedded PGlite: a change made
 * through SCIM reaches the receiver without anyone running a round by hand, and closing the directory stops the
 * worker (no further attempts).
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../lib/store/migration-source.js';
import { memoryPgliteKnex } from '../../support/database.js';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { TEST_KEY, userBody } from './webhook-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

let knex: Knex;
let host: TestHost;
let receiver: WebhookReceiver;

beforeAll(async () => {
  knex = memoryPgliteKnex();
  await migrateToLatest(knex);
  receiver = await startWebhookReceiver();
  host = await startTestHost({ knex, webhooks: { key: TEST_KEY, httpAllowedHosts: [receiver.host], pollIntervalMs: 20 } });
});
afterAll(async () => {
  await receiver.close();
  await knex.destroy();
});

/** Waits until `done()` holds, checking every 20 ms, for at most `limit` checks. */
async function until(done: () => boolean, limit = 500): Promise<void> {
  for (let i = 0; i < limit && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the background webhook worker', () => {
  it('delivers on its own once started, and stops with the directory', async () => {
    const { tenantId, token, baseUrl } = await host.createTenant('Background');
    await host.directory.webhooks.create(tenantId, { name: 'Live', url: receiver.url, changeTypes: ['user.created'] });
    host.directory.webhooks.startWorker();
    expect(host.directory.webhooks.worker.started).toBe(true);
    await scimFetch(`${baseUrl}/Users`, token, { body: userBody('live@example.com') });
    await until(() => receiver.received.length > 0);
    expect(receiver.received.map((r) => r.json.data.userName)).toEqual(['live@example.com']);

    await host.close();
    expect(host.directory.webhooks.worker.started).toBe(false);
  });
});
