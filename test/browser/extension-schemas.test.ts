/**
 * Issue 16's "done when" in Chromium: an administrator defines an extension schema in the admin UI, Entra ID
 * provisions a user carrying it (with enterprise attributes and a manager), the users list filters by the extension
 * attribute, and the user page shows the extension and enterprise attributes under their schemas' names, the
 * manager as a link, the groups direct and nested, and the effective roles with their source (direct, or a group
 * mapped to a role and reached through a nested group). Removing an attribute or the schema that users
 * hold asks with the count. Both pages fit a laptop and a phone; screenshots go to test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, scim, type BrowserHost, type BrowserSession } from './browser-host.js';
import { expectNoPageScroll, POLL, screenshot, settled, WIDTHS } from './ui-fixture.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Entra ID's shape for a custom extension. */
const CONTOSO = 'urn:ietf:params:scim:schemas:extension:ContosoHR:2.0:User';
const XSS = '<img src=x onerror=alert(1)>';

let session: BrowserSession;
let host: BrowserHost;
let page: Page;
const dialogs: string[] = [];
const failedResponses: string[] = [];
const state = { tenantId: '', scimUrl: '', token: '', adele: '', megan: '', platform: '', engineering: '' };

beforeAll(async () => {
  session = await openBrowserSession('browser-schemas-admin-secret-0123456789');
  ({ host, page } = session);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  const { tenant, credential } = await host.directory.tenants.create('Contoso Entra ID');
  state.tenantId = tenant.id;
  state.scimUrl = `${host.origin}/scim/${tenant.id}/v2`;
  state.token = credential.token;
  await page.goto(`${host.origin}/admin/`);
  await page.getByLabel('Admin secret').fill(host.adminSecret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'SCIM directories' }).waitFor();
}, 60_000);

afterAll(() => session?.close());

const url = (route: string): string => `${host.origin}/admin/#/t/${state.tenantId}/${route}`;
const activeText = (): Promise<string | undefined> => page.evaluate(() => document.activeElement?.textContent ?? undefined);

/** Checks the page at both widths and leaves it at the laptop's. */
async function atBothWidths(name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await expectNoPageScroll(page, `${name} at ${width} px`);
    await screenshot(page, `schemas-${width}-${name}`);
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

describe('extension schemas and the user page in the admin UI', { timeout: 120_000 }, () => {
  it('defines an extension schema with plain, multi-valued and complex attributes', async () => {
    await page.goto(url('schemas'));
    await page.getByRole('heading', { name: 'Extension schemas' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('No extension schemas yet.');
    await page.getByRole('link', { name: 'Add an extension schema' }).click();
    await page.getByRole('heading', { name: 'Add an extension schema' }).waitFor();
    await page.getByLabel('Schema URN').fill(CONTOSO);
    const attribute = (n: number) => page.getByRole('group', { name: `Attribute ${n}`, exact: true });
    await attribute(1).getByLabel('Name', { exact: true }).fill('costCenter');
    await attribute(1).getByLabel('Description').fill('Where the cost of the person is booked');
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await attribute(2).getByLabel('Name', { exact: true }).fill('badges');
    await attribute(2).getByLabel('Multi-valued').check();
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await attribute(3).getByLabel('Name', { exact: true }).first().fill('office');
    await attribute(3).getByLabel('Type').first().selectOption('complex');
    const sub = (n: number) => attribute(3).getByRole('group', { name: `Sub-attribute ${n}`, exact: true });
    await sub(1).getByLabel('Name', { exact: true }).fill('building');
    await attribute(3).getByRole('button', { name: 'Add sub-attribute' }).click();
    await sub(2).getByLabel('Name', { exact: true }).fill('floor');
    await sub(2).getByLabel('Type').selectOption('integer');
    await atBothWidths('01-form');
    await page.getByRole('button', { name: 'Add schema' }).click();

    await page.getByRole('heading', { name: 'Extension schemas' }).waitFor();
    const card = page.getByRole('region', { name: 'Contoso HR' });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    for (const expected of [CONTOSO, 'costCenter', 'string, multi-valued', 'office.building', 'office.floor', 'Where the cost of the person is booked']) expect(text).toContain(expected);
    const listed = await host.directory.tenants.get(state.tenantId);
    expect(listed).toBeDefined();
    const discovered = await scim(`${state.scimUrl}/Schemas/${CONTOSO}`, state.token);
    expect(discovered.status).toBe(200);
    expect(discovered.body.attributes.map((a: { name: string }) => a.name)).toEqual(['costCenter', 'badges', 'office']);
    await atBothWidths('02-list');
  });

  it('keeps what Entra ID provisions under the extension, the enterprise schema and nested groups', async () => {
    const megan = await scim(`${state.scimUrl}/Users`, state.token, {
      body: { schemas: [USER, ENTERPRISE], userName: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', active: true, [ENTERPRISE]: { department: 'Retail' } },
    });
    expect(megan.status).toBe(201);
    state.megan = megan.body.id;
    const adele = await scim(`${state.scimUrl}/Users`, state.token, {
      body: {
        schemas: [USER, ENTERPRISE, CONTOSO],
        externalId: '8f1c2d9e-adele',
        userName: 'adele.vance@contoso.example',
        active: true,
        displayName: 'Adele Vance',
        title: 'Retail Manager',
        emails: [{ primary: true, type: 'work', value: 'adele.vance@contoso.example' }],
        name: { formatted: 'Adele Vance', familyName: 'Vance', givenName: 'Adele' },
        roles: [{ primary: 'True', type: 'WindowsAzureActiveDirectoryRole', value: 'Approver' }],
        [ENTERPRISE]: { employeeNumber: 'E-1042', department: 'Retail', costCenter: 'CC-RET-7', organization: 'Contoso', division: 'Sales', manager: { value: state.megan } },
        [CONTOSO]: { costCenter: 'CC-42', badges: ['gold', XSS], office: { building: 'B40', floor: 3 } },
      },
    });
    expect(adele.status, JSON.stringify(adele.body)).toBe(201);
    expect(adele.body[CONTOSO]).toEqual({ costCenter: 'CC-42', badges: ['gold', XSS], office: { building: 'B40', floor: 3 } });
    state.adele = adele.body.id;
    const other = await scim(`${state.scimUrl}/Users`, state.token, { body: { schemas: [USER, CONTOSO], userName: 'alex.wilber@contoso.example', [CONTOSO]: { costCenter: 'CC-7' } } });
    expect(other.status).toBe(201);
    const platform = await scim(`${state.scimUrl}/Groups`, state.token, { body: { schemas: [GROUP], displayName: 'Platform team', members: [{ value: state.adele }] } });
    state.platform = platform.body.id;
    const engineering = await scim(`${state.scimUrl}/Groups`, state.token, { body: { schemas: [GROUP], displayName: 'Engineering', members: [{ value: state.platform, type: 'Group' }] } });
    expect(engineering.status).toBe(201);
    state.engineering = engineering.body.id;
    // The directory's administrator maps the outer group to a role: Adele holds it through the nested group.
    const tenant = { id: state.tenantId, name: 'Contoso Entra ID' };
    await host.directory.declaredValues.put(tenant, 'roles', { value: 'Developer', display: 'Software developer' });
    await host.directory.roleMappings.add(tenant, state.engineering, 'Developer');
  });

  it('filters the users list by the extension attribute', async () => {
    await page.goto(url('users'));
    await page.getByRole('link', { name: 'adele.vance@contoso.example' }).waitFor();
    await page.getByLabel('Search by').selectOption('filter');
    await page.getByLabel('Search users').fill(`${CONTOSO}:costCenter eq "CC-42"`);
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.locator('main tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(1);
    expect(await rows.first().textContent()).toContain('adele.vance@contoso.example');
    await page.getByLabel('Search users').fill(`${CONTOSO}:office.floor ge 3`);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url(), POLL).toContain('floor');
    await settled(page);
    expect(await rows.count()).toBe(1);
    await atBothWidths('03-users-filter');
    await page.getByRole('link', { name: 'adele.vance@contoso.example' }).click();
    await page.locator('h2.user-name').waitFor();
  });

  it('shows the attributes under their schemas, the manager as a link, the groups and the roles', async () => {
    await settled(page);
    const extension = page.getByRole('region', { name: 'Contoso HR' });
    const enterprise = page.getByRole('region', { name: 'Enterprise user' });
    const value = (region: typeof extension, attribute: string) => region.locator(`dd[data-attribute="${attribute}"]`).first().textContent();
    expect(await value(extension, 'costCenter')).toBe('CC-42');
    expect(await extension.locator('dd[data-attribute="badges"] li').allTextContents()).toEqual(['gold', XSS]);
    expect(await value(extension, 'office')).toContain('B40');
    expect(await value(extension, 'floor')).toBe('3');
    expect(await extension.textContent()).toContain('Cost center');
    expect(await value(enterprise, 'employeeNumber')).toBe('E-1042');
    expect(await value(enterprise, 'department')).toBe('Retail');
    expect(await value(enterprise, 'costCenter')).toBe('CC-RET-7');
    expect(await enterprise.textContent()).toContain('Employee number');
    expect(await page.getByRole('region', { name: 'Profile' }).locator('dd[data-attribute="title"]').textContent()).toBe('Retail Manager');
    // What the identity provider sent is text: the <img> is characters, and nothing ran.
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);

    const groups = page.getByRole('region', { name: 'Groups' });
    expect(await groups.locator('.direct-groups li').allTextContents()).toEqual(['Platform team']);
    expect(await groups.locator('.nested-groups li').allTextContents()).toEqual(['Engineering through Platform team']);
    const roles = page.getByRole('region', { name: 'Roles' });
    expect(await roles.getByRole('heading').textContent()).toBe('Effective roles');
    expect(await roles.locator('li').allTextContents()).toEqual([
      'Approver — assigned directly (primary)',
      'Software developer (Developer) — through group Engineering (nested: Platform team → Engineering)',
    ]);
    expect(await roles.getByRole('link', { name: 'Platform team' }).getAttribute('href')).toBe(`#/t/${state.tenantId}/groups/${state.platform}`);
    await atBothWidths('04-user');

    const manager = enterprise.getByRole('link', { name: 'Megan Bowen' });
    expect(await manager.getAttribute('href')).toBe(`#/t/${state.tenantId}/users/${state.megan}`);
    await manager.click();
    await expect.poll(() => page.locator('h2.user-name').textContent(), POLL).toBe('megan.bowen@contoso.example');
  });

  it('asks with the count before retyping or removing an attribute, or removing the schema, that users hold values of', async () => {
    await page.goto(url('schemas'));
    const card = page.getByRole('region', { name: 'Contoso HR' });
    await card.waitFor();
    // Changing an attribute's type in the editor asks first too.
    await card.getByRole('link', { name: 'Change…' }).click();
    await page.getByRole('heading', { name: 'Change Contoso HR' }).waitFor();
    expect(await page.getByLabel('Schema URN').inputValue()).toBe(CONTOSO);
    await page.getByRole('group', { name: 'Attribute 1', exact: true }).getByLabel('Type').selectOption('integer');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('2 users hold values');
    expect(await activeText()).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await activeText()).toBe('Save changes');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await card.waitFor();

    await card.getByRole('button', { name: 'Remove attribute costCenter' }).click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('2 users hold values');
    expect(await activeText()).toBe('Cancel');
    await atBothWidths('05-confirm');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await card.locator('tbody th').allTextContents()).toContain('costCenter');

    await card.getByRole('button', { name: 'Remove attribute costCenter' }).click();
    await dialog.getByRole('button', { name: 'Remove costCenter' }).click();
    await expect.poll(() => page.locator('#notices').textContent(), POLL).toContain('Removed the attribute costCenter.');
    await expect.poll(() => card.locator('tbody th').allTextContents(), POLL).toEqual(['badges', 'office', 'office.building', 'office.floor']);
    expect((await scim(`${state.scimUrl}/Users?filter=${encodeURIComponent(`${CONTOSO}:costCenter eq "CC-42"`)}`, state.token)).status).toBe(400);

    await card.getByRole('button', { name: 'Remove schema' }).click();
    await dialog.waitFor();
    // Alex's costCenter is still stored, so both users hold values of the schema.
    expect(await dialog.textContent()).toContain('2 users hold values');
    expect(await activeText()).toBe('Cancel');
    await dialog.getByRole('button', { name: 'Remove schema' }).click();
    await expect.poll(() => page.locator('main').textContent(), POLL).toContain('No extension schemas yet.');
    expect((await scim(`${state.scimUrl}/Schemas/${CONTOSO}`, state.token)).status).toBe(404);
    // The only failed answers are the confirmations asked for; the browser logs each as a failed load.
    expect(failedResponses.filter((r) => !/^409 (POST|DELETE) \/admin\/api\/tenants\/[^/]+\/schemas/.test(r))).toEqual([]);
    expect(session.consoleErrors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });
});
