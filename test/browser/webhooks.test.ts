/**
 * Webhooks in the admin UI, in Chromium: an administrator adds an endpoint (the secret is shown once), a user
 * provisioned over SCIM reaches the local receiver, the delivery shows in the endpoint's log, and Redeliver sends
 * it again; the page does not scroll sideways at 1366 px nor at 390 px, and nothing errors in the console.
 */
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KEY } from '../integration/webhooks/webhook-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from '../integration/webhooks/webhook-receiver.js';
import { openBrowserSession, scim, type BrowserHost, type BrowserSession } from './browser-host.js';
import { expectNoPageScroll, POLL, screenshot } from './ui-fixture.js';

let session: BrowserSession;
let host: BrowserHost;
let page: Page;
let consoleErrors: string[];
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  session = await openBrowserSession('browser-webhooks-admin-secret-0123456789', { webhooks: { key: TEST_KEY, httpAllowedHosts: [receiver.host] } });
  ({ host, page, consoleErrors } = session);
}, 60_000);

afterAll(async () => {
  await session?.close();
  await receiver?.close();
});

async function deliverAll(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const round = await host.directory.webhooks.worker.round();
    if (round.created + round.attempted === 0) return;
  }
}

describe('webhooks in the admin UI', { timeout: 90_000 }, () => {
  it('adds an endpoint, shows its secret once, and lists a delivery that can be sent again', async () => {
    const { tenant, credential } = await host.directory.tenants.create('Webhook directory');
    await page.goto(`${host.origin}/admin/`);
    await page.getByLabel('Admin secret').fill(host.adminSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'SCIM directories' }).waitFor();
    await page.goto(`${host.origin}/admin/#/t/${tenant.id}/webhooks`);
    await page.getByText('No webhook endpoints yet.').waitFor();

    await page.getByLabel('Name').fill('CRM sync');
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByRole('checkbox', { name: 'group.member_removed' }).uncheck();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secretBox = page.locator('#new-webhook-secret');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, 'webhooks-secret-once');
    await page.getByRole('button', { name: 'I have copied the secret' }).click();
    const endpointLink = page.getByRole('link', { name: 'CRM sync' });
    await endpointLink.waitFor();
    expect(await page.locator('#new-webhook-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    const baseUrl = `${host.origin}/scim/${tenant.id}/v2`;
    expect((await scim(`${baseUrl}/Users`, credential.token, { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'grace@example.com' } })).status).toBe(201);
    await deliverAll();
    expect(receiver.received.map((r) => r.json.data.userName)).toEqual(['grace@example.com']);
    const [first] = receiver.received;
    expect(() => new Webhook(secret).verify(first!.body, first!.headers as Record<string, string>)).not.toThrow();

    await endpointLink.click();
    const row = page.locator('tr[data-delivery]');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    const text = (await row.first().textContent()) ?? '';
    expect(text).toContain('user.created');
    expect(text).toContain('grace@example.com');
    expect(text).toContain('succeeded');
    expect(text).toContain('204');
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoPageScroll(page, `webhook endpoint at ${width} px`);
      await screenshot(page, `webhook-deliveries-${width}`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.getByRole('button', { name: /^Redeliver user\.created/ }).click();
    await expect.poll(async () => (await page.locator('tr[data-delivery]').first().textContent()) ?? '', POLL).toContain('pending');
    await deliverAll();
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([first!.headers['webhook-id'], first!.headers['webhook-id']]);
    expect(consoleErrors).toEqual([]);
  });
});
