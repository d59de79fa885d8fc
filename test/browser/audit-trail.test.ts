/**
 * The audit trail page in Chromium: a directory created and renamed in the UI shows there, newest first, with the
 * signed-in session as who and the admin UI as where from; a host call shows as the host's; the directory filter
 * narrows the list; no console error or CSP violation.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultUiDirectory } from '../../lib/admin/static-ui.js';
import { ARTIFACTS, CHROMIUM, launchChromium, startBrowserHost, type BrowserHost } from './browser-host.js';

let host: BrowserHost;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  if (!defaultUiDirectory()) throw new Error('The admin UI is not built: run npm run build first.');
  host = await startBrowserHost('browser-audit-admin-secret-0123456789');
  browser = await launchChromium();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('audit trail in the admin UI', { timeout: 90_000 }, () => {
  it('lists what the administrator did, who and from where, and filters by directory', async () => {
    const other = await host.directory.tenants.create('Made by the host', { actor: 'deploy-script' });
    await page.goto(`${host.origin}/admin/`);
    await page.getByLabel('Admin secret').fill(host.adminSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'SCIM directories' }).waitFor();
    await page.getByLabel('Name').fill('Audited in the UI');
    await page.getByRole('button', { name: 'Create directory' }).click();
    await page.locator('.token-panel').waitFor();

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    const rows = page.locator('main tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const newest = (await rows.first().textContent()) ?? '';
    expect(newest).toContain('Directory created');
    expect(newest).toContain('Audited in the UI');
    expect(newest).toMatch(/admin \(standalone sign-in, session [A-Za-z0-9_-]{8}\)/);
    expect(newest).toContain('Admin UI');
    const oldest = (await rows.nth(1).textContent()) ?? '';
    expect(oldest).toContain('deploy-script');
    expect(oldest).toContain('Host application');
    await page.screenshot({ path: join(ARTIFACTS, 'audit-trail.png'), fullPage: true });

    await page.getByLabel('Directory').selectOption(other.tenant.id);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000, interval: 100 }).toBe(1);
    expect(await rows.first().textContent()).toContain('Made by the host');
    expect(consoleErrors).toEqual([]);
  });
});
