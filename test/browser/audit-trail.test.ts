/**
 * The audit trail page in Chromium: a directory created and renamed in the UI shows there, newest first, with the
 * signed-in session as who and the admin UI as where from; a host call shows as the host's; the directory filter
 * narrows the list; no console error or CSP violation.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowserSession, type BrowserHost, type BrowserSession } from './browser-host.js';

let session: BrowserSession;
let host: BrowserHost;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await openBrowserSession('browser-audit-admin-secret-0123456789');
  ({ host, page, consoleErrors } = session);
}, 60_000);

afterAll(() => session?.close());

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
