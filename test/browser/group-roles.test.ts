/**
 * Groups mapped to roles in the admin UI, in Chromium: a role declared for the directory on its settings page (the
 * application's own listed read-only), the outer of two nested groups mapped to it on its page, and the admin API
 * answering that a member of the inner group has the role through the outer one; removing the mapped role is
 * refused naming the group; unmapping (after a confirmation that starts on Cancel) takes the role away, and then the
 * role can be removed; a failed read of the roles shows in the group page's section. Both pages
 * at 1366 and 390 px without sideways page scroll, declared text shown as text, no console error or CSP violation.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, scim, type BrowserHost, type BrowserSession } from './browser-host.js';
import { POLL, WIDTHS, expectNoPageScroll, screenshot, settled } from './ui-fixture.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const DISPLAY = '<img src=x onerror=alert(1)> Invoice approver';

let session: BrowserSession;
let host: BrowserHost;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession('browser-roles-admin-secret-0123456789', {
    roles: [{ value: 'Viewer', display: 'Read-only viewer' }],
    entitlements: [{ value: 'license:e5', display: 'Office E5 license' }],
  });
  ({ host, page } = session);
}, 60_000);

afterAll(() => session?.close());

interface EffectiveRole {
  value: string;
  sources: { kind: string; groupId?: string; path?: { id: string }[] }[];
}

async function effectiveRoles(tenantId: string, userId: string): Promise<EffectiveRole[]> {
  const answer = await page.request.get(`${host.origin}/admin/api/tenants/${tenantId}/users/${userId}/roles`);
  expect(answer.status()).toBe(200);
  return ((await answer.json()) as { roles: EffectiveRole[] }).roles;
}

/** Checks the page at both widths and keeps a screenshot of each; leaves the window at the laptop width. */
async function atBothWidths(name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoPageScroll(page, `${name} at ${width} px`);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: WIDTHS[0], height: 900 });
}

const activeText = (): Promise<string | undefined> => page.evaluate(() => document.activeElement?.textContent ?? undefined);

describe('groups mapped to roles in the admin UI', { timeout: 120_000 }, () => {
  it('declares a role, maps a group to it, and the members of a nested group get it until it is unmapped', async () => {
    const { tenant, credential } = await host.directory.tenants.create('Roles in the UI');
    const scimUrl = `${host.origin}/scim/${tenant.id}/v2`;
    const user = await scim(`${scimUrl}/Users`, credential.token, { body: { schemas: [USER], userName: 'ada@example.com' } });
    expect(user.status).toBe(201);
    const inner = await scim(`${scimUrl}/Groups`, credential.token, { body: { schemas: [GROUP], displayName: 'Accounts payable', members: [{ value: user.body.id }] } });
    expect(inner.status).toBe(201);
    const outer = await scim(`${scimUrl}/Groups`, credential.token, { body: { schemas: [GROUP], displayName: 'Finance', members: [{ value: inner.body.id }] } });
    expect(outer.status).toBe(201);

    await page.goto(`${host.origin}/admin/#/t/${tenant.id}/settings`);
    await page.getByLabel('Admin secret').fill(host.adminSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const roles = page.getByRole('region', { name: 'Roles', exact: true });
    await roles.waitFor();
    // The application's role and entitlement are listed, read-only.
    const viewer = roles.locator('tr[data-value="Viewer"]');
    expect(await viewer.textContent()).toContain('application · read-only');
    expect(await viewer.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Entitlements' }).locator('tr[data-value="license:e5"]').textContent()).toContain('Office E5 license');

    // The application's own cannot be redeclared here: the 409's detail shows by the form.
    await roles.getByLabel('Role value').fill('Viewer');
    await roles.getByRole('button', { name: 'Declare role' }).click();
    await expect.poll(() => roles.locator('form .error-text').textContent(), POLL).toContain('declared by the application itself');
    await roles.getByLabel('Role value').fill('Approver');
    await roles.getByLabel('Display name (optional)').fill(DISPLAY);
    await roles.getByRole('button', { name: 'Declare role' }).click();
    await roles.locator('tr[data-value="Approver"]').waitFor();
    expect(await roles.locator('tr[data-value="Approver"]').textContent()).toContain(DISPLAY);
    await settled(page);
    await atBothWidths('roles-settings');

    await page.goto(`${host.origin}/admin/#/t/${tenant.id}/groups/${outer.body.id}`);
    const section = page.locator('section.group-roles');
    await section.waitFor();
    expect(await section.getByRole('heading').textContent()).toBe('Roles');
    expect(await section.textContent()).toContain('Members of this group and of groups nested in it get these roles.');
    expect(await section.textContent()).toContain('Not mapped to any role.');
    await section.getByLabel('Role to map').selectOption('Approver');
    await section.getByRole('button', { name: 'Map to role' }).click();
    await section.locator('li[data-role="Approver"]').waitFor();
    expect(await section.locator('li[data-role="Approver"]').textContent()).toContain(`${DISPLAY} (Approver)`);
    expect(await page.locator('img').count()).toBe(0);
    await settled(page);
    await atBothWidths('group-roles');

    const approver = (await effectiveRoles(tenant.id, user.body.id)).find((r) => r.value === 'Approver');
    expect(approver?.sources).toEqual([expect.objectContaining({ kind: 'group', groupId: outer.body.id, path: [expect.objectContaining({ id: inner.body.id }), expect.objectContaining({ id: outer.body.id })] })]);

    // The overview lists the mapping, and the mapped role cannot be removed: the refusal names the group.
    await page.goto(`${host.origin}/admin/#/t/${tenant.id}/settings`);
    const mapping = page.getByRole('region', { name: 'Groups mapped to roles' }).locator(`tr[data-role="Approver"][data-group="${outer.body.id}"]`);
    await mapping.waitFor();
    expect(await mapping.textContent()).toContain('Finance');
    await roles.locator('tr[data-value="Approver"]').getByRole('button', { name: /^Remove role/ }).click();
    expect(await activeText()).toBe('Cancel');
    await roles.getByRole('button', { name: 'Remove role', exact: true }).click();
    await expect.poll(() => roles.locator('.confirm .error-text').textContent(), POLL).toContain('Mapped to group Finance.');
    expect(await roles.locator('.confirm .error-text').textContent()).toContain('is mapped to 1 group');
    await roles.getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`${host.origin}/admin/#/t/${tenant.id}/groups/${outer.body.id}`);
    await section.locator('li[data-role="Approver"]').getByRole('button', { name: /^Unmap role/ }).click();
    expect(await activeText()).toBe('Cancel');
    await section.getByRole('button', { name: 'Unmap role', exact: true }).click();
    await expect.poll(() => section.textContent(), POLL).toContain('Not mapped to any role.');
    expect((await effectiveRoles(tenant.id, user.body.id)).map((r) => r.value)).not.toContain('Approver');

    // Unmapped, the role can go.
    await page.goto(`${host.origin}/admin/#/t/${tenant.id}/settings`);
    await roles.locator('tr[data-value="Approver"]').getByRole('button', { name: /^Remove role/ }).click();
    await roles.getByRole('button', { name: 'Remove role', exact: true }).click();
    await expect.poll(() => roles.locator('tr[data-value="Approver"]').count(), POLL).toBe(0);
    // The only errors the page logged are the answers of the refused declaration and removal.
    expect(session.consoleErrors).toEqual([expect.stringContaining('409 (Conflict)'), expect.stringContaining('409 (Conflict)')]);
    session.consoleErrors.length = 0;

    // When the roles cannot be read, the section says so and the rest of the group page stays.
    await page.route('**/api/tenants/*/groups/*/roles', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'The database is not answering.' } }) }));
    await page.goto(`${host.origin}/admin/#/t/${tenant.id}/groups/${inner.body.id}`);
    await expect.poll(() => section.locator('.error-text').textContent(), POLL).toBe('The roles could not be loaded: The database is not answering.');
    expect(await page.getByRole('heading', { name: 'Members', exact: true }).count()).toBe(1);
    await page.unroute('**/api/tenants/*/groups/*/roles');
    expect(session.consoleErrors).toEqual([expect.stringContaining('503')]);
  });
});
