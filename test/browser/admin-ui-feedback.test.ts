/**
 * What the admin UI tells the administrator: event log rows that name the user or group, a 400's SCIM detail in
 * its hint, monospace token and URL boxes, a curl command shown whole, notices that go with the page they belong
 * to, a disable that happens only after confirming, and a sign-in page that says the session expired.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../lib/server/admin-auth.js';
import { openUi, POLL, screenshot, settled, signIn, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;
beforeAll(async () => {
  ui = await openUi();
}, 90_000);
afterAll(() => ui?.close());

const fontOf = (page: Page, selector: string): Promise<string> => page.locator(selector).evaluate((e) => getComputedStyle(e).fontFamily);

describe('admin UI feedback', { timeout: 90_000 }, () => {
  it('names the user or group of each request in the event log, and quotes the detail of a 400', async () => {
    const { page, seeded } = ui;
    await page.goto(ui.url(`t/${seeded.tenantId}/events`));
    await page.locator('tbody tr').first().waitFor();
    const rows = await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 4).map((td) => td.textContent?.trim())));
    expect(rows).toEqual([
      ['POST /Users', 'katherine@example.com', '400'],
      ['POST /Users', 'GRACE@example.com', '409'],
      ['POST /Groups', 'Engineers', '201'],
      ['POST /Users', 'margaret.hamilton@apollo-guidance.example.org', '201'],
      ['POST /Users', 'grace@example.com', '201'],
      ['POST /Users', 'ada.lovelace-byron@analytical-engine.example.com', '201'],
    ]);
    // A created resource links to its page.
    await page.getByRole('link', { name: 'Engineers' }).click();
    await page.getByRole('heading', { name: 'Members', exact: true }).waitFor();

    await page.goto(ui.url(`t/${seeded.tenantId}/events?status=4xx`));
    await page.locator('tbody tr', { hasText: '400' }).getByRole('link').click();
    await page.getByRole('heading', { name: 'Response body' }).waitFor();
    const quoted = page.locator('.scim-detail');
    expect(await quoted.textContent()).toBe(`The answer said: ${seeded.badRequestDetail} (scimType invalidValue).`);
    expect(await quoted.locator('q').textContent()).toBe(seeded.badRequestDetail);
    expect(seeded.badRequestDetail).toContain('active');
  });

  it('shows tokens, URLs and commands in a monospace font, and the curl command whole', async () => {
    const { page, seeded } = ui;
    await page.goto(ui.url(`t/${seeded.tenantId}/overview`));
    await page.getByRole('heading', { name: 'Check the connection' }).waitFor();
    expect(await fontOf(page, '#scim-url')).toMatch(/monospace/);
    expect(await fontOf(page, '#curl-command')).toMatch(/monospace/);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const box = await page.locator('#curl-command').evaluate((e) => ({ sw: e.scrollWidth, cw: e.clientWidth, sh: e.scrollHeight, ch: e.clientHeight }));
      // Nothing of it is hidden: it wraps instead of running off to the side, and the box is as tall as it.
      expect(box.sw, `at ${width} px`).toBeLessThanOrEqual(box.cw);
      expect(box.sh, `at ${width} px`).toBeLessThanOrEqual(box.ch + 1);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await page.locator('#curl-command').inputValue()).toBe(`curl -i -H "Authorization: Bearer YOUR_TOKEN" "${seeded.scimUrl}/Users?count=1"`);
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByRole('button', { name: 'Issue token' }).click();
    await page.locator('#new-token').waitFor();
    expect(await fontOf(page, '#new-token')).toMatch(/monospace/);
    expect(await fontOf(page, '#new-scim-url')).toMatch(/monospace/);
    await page.getByRole('button', { name: 'I have copied the token' }).click();
    await settled(page);
  });

  it('keeps a notice through the page its action leads to and clears it at the next navigation', async () => {
    const { page, seeded } = ui;
    expect(await page.locator('#notices').getAttribute('role')).toBe('status');
    await page.goto(ui.url(`t/${seeded.tenantId}/settings`));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('#notices').textContent(), POLL).toBe('Settings saved.');
    await settled(page);
    // The save re-rendered the page with the stored settings; the notice stayed for it.
    expect(await page.locator('#notices').textContent()).toBe('Settings saved.');
    await screenshot(page, '1366-30-notice');
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: 'grace@example.com' }).waitFor();
    expect(await page.locator('#notices').textContent()).toBe('');
  });

  it('disables the directory only after the confirmation, and enables it again at once', async () => {
    const { page, seeded, host } = ui;
    await page.goto(ui.url(`t/${seeded.tenantId}/settings`));
    await page.getByRole('button', { name: 'Disable directory…' }).click();
    expect((await host.directory.tenants.get(seeded.tenantId))?.enabled).toBe(true);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Disable directory' }).click();
    await page.getByRole('button', { name: 'Enable directory' }).waitFor();
    expect((await host.directory.tenants.get(seeded.tenantId))?.enabled).toBe(false);
    expect(await page.locator('#notices').textContent()).toContain('Directory disabled');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('disabled');
    await page.getByRole('button', { name: 'Enable directory' }).click();
    await page.getByRole('button', { name: 'Disable directory…' }).waitFor();
    expect((await host.directory.tenants.get(seeded.tenantId))?.enabled).toBe(true);
  });

  it('says the session expired when an action finds it gone, and after a reload', async () => {
    const { page, seeded } = ui;
    await page.goto(ui.url(`t/${seeded.tenantId}/groups`));
    await page.getByRole('link', { name: 'Engineers' }).waitFor();
    await page.context().clearCookies({ name: SESSION_COOKIE });
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('.sign-in-reason').textContent()).toBe('Your session has expired. Sign in again to continue where you were.');
    expect(await page.getByLabel('Admin secret').getAttribute('aria-describedby')).toBe('sign-in-reason');
    await screenshot(page, '1366-31-session-expired');
    await signIn(ui);
    // Back where the administrator was going.
    await page.getByRole('link', { name: 'grace@example.com' }).waitFor();

    await page.context().clearCookies({ name: SESSION_COOKIE });
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('.sign-in-reason').textContent()).toContain('session has expired');
    await signIn(ui);
    await page.getByRole('link', { name: 'grace@example.com' }).waitFor();
  });

  it('logged no errors beyond the refused request of the expired session', () => {
    expect(ui.dialogs).toEqual([]);
    expect(ui.failedResponses).toEqual([`401 /admin/api/tenants/${ui.seeded.tenantId}`]);
    expect(ui.consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
