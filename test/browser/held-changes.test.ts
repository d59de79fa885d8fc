/**
 * The held-changes page in Chromium: an identity provider deactivates users of a directory with the deprovisioning
 * guard on; past its threshold the page lists the held deactivations with their counts and sender, the Approve
 * confirmation starts on Cancel, and approving hands the changes to the application (the change feed emits them)
 * and records the decision in the audit trail. Fits a phone; no console error or CSP violation.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowserSession, scim, type BrowserHost, type BrowserSession } from './browser-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let session: BrowserSession;
let host: BrowserHost;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await openBrowserSession('browser-guard-admin-secret-0123456789');
  ({ host, page, consoleErrors } = session);
}, 60_000);

afterAll(() => session?.close());

describe('held changes in the admin UI', { timeout: 90_000 }, () => {
  it('lists the held deactivations and approves them after a confirmation that starts on Cancel', async () => {
    const { tenant, credential } = await host.directory.tenants.create('Guarded directory');
    // A low minimum, so ten users show the guard: the second deactivation passes 10 % and the minimum of 2.
    await host.directory.tenants.updateSettings(tenant.id, { deprovisioningGuard: true, deprovisioningGuardMinimum: 2 });
    const base = `${host.origin}/scim/${tenant.id}/v2`;
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await scim(`${base}/Users`, credential.token, { body: { schemas: [USER], userName: `held${i}@example.com`, active: true } })).body.id);
    for (const id of ids.slice(0, 4)) {
      const answer = await scim(`${base}/Users/${id}`, credential.token, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] } });
      expect(answer.body.active).toBe(false);
    }

    await page.goto(`${host.origin}/admin/`);
    await page.getByLabel('Admin secret').fill(host.adminSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'SCIM directories' }).waitFor();
    await page.goto(`${host.origin}/admin/#/t/${tenant.id}/held`);
    await page.getByRole('heading', { name: 'Held changes' }).waitFor();
    const rows = page.locator('main tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000, interval: 100 }).toBe(3);
    expect(await rows.first().textContent()).toContain('held1@example.com');
    const counts = (await page.locator('[data-held-counts]').textContent()) ?? '';
    expect(counts).toContain('3 deactivations, 0 deletions held');
    expect(counts).toContain('3 from entra with token');
    await page.screenshot({ path: join(ARTIFACTS, 'held-changes-1366.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'held-changes-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.getByRole('button', { name: 'Approve…' }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.getByRole('button', { name: 'Approve changes' }).click();
    await page.getByText('No changes are held.').waitFor();

    const feed = await host.directory.changes.read({ tenantId: tenant.id, limit: 1000 });
    expect(feed.changes.filter((change) => change.type === 'user.deactivated').map((change) => change.resourceId)).toEqual(ids.slice(0, 4));
    const trail = await host.directory.tenants.audit.list({ startIndex: 1, count: 10 }, { tenantId: tenant.id });
    expect(JSON.stringify(trail)).toContain('guard.approved');
    expect(consoleErrors).toEqual([]);
  });
});
