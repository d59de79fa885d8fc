import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultUiDirectory } from '../../lib/admin/static-ui.js';
import { ARTIFACTS, CHROMIUM, launchChromium, scim, startBrowserHost, type BrowserHost } from './browser-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const XSS = '<img src=x onerror=alert(1)>';
/** Generous: the suite shares the machine with the database and other test files. */
const POLL = { timeout: 15_000, interval: 100 };

let host: BrowserHost;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const dialogs: string[] = [];
const consoleErrors: string[] = [];
const failedResponses: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  if (!defaultUiDirectory()) throw new Error('The admin UI is not built: run npm run build first.');
  host = await startBrowserHost('browser-test-admin-secret-0123456789');
  browser = await launchChromium();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const main = (): ReturnType<Page['locator']> => page.locator('main');

// Each step waits on a real browser on a machine shared with the rest of the suite: give it room.
describe('admin UI in Chromium', { timeout: 90_000 }, () => {
  const state: { tenantId: string; scimUrl: string; token: string; ids: Map<string, string> } = { tenantId: '', scimUrl: '', token: '', ids: new Map() };

  it('signs in with the admin secret (a wrong one is refused)', async () => {
    await page.goto(`${host.origin}/admin/`);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible(), POLL).toBe(true);
    await shot('01-sign-in');
    await page.getByLabel('Admin secret').fill('wrong-secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent(), POLL).toContain('not the admin secret');
    await page.getByLabel('Admin secret').fill(host.adminSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'SCIM directories' }).waitFor();
    expect(await main().textContent()).toContain('No directories yet');
  });

  it('creates a tenant and shows its token once, with a working copy button', async () => {
    await page.getByLabel('Name').fill('Acme Entra ID');
    await page.getByRole('button', { name: 'Create directory' }).click();
    await page.locator('#new-token').waitFor();
    state.token = await page.locator('#new-token').inputValue();
    state.scimUrl = await page.locator('#new-scim-url').inputValue();
    expect(state.token).toMatch(/^scimdir_[A-Za-z0-9]{43}$/);
    expect(state.scimUrl).toMatch(new RegExp(`^${host.origin}/scim/[a-z0-9]{12}/v2$`));
    state.tenantId = state.scimUrl.split('/').at(-2)!;
    expect(await page.getByRole('alert').first().textContent()).toContain('shown only this once');
    await page.getByRole('button', { name: 'Copy token' }).click();
    await expect.poll(() => page.locator('.token-panel [role=status]').allTextContents(), POLL).toContain('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(state.token);
    await shot('02-token-once');
    await page.getByRole('button', { name: 'I have copied the token' }).click();
    await page.getByRole('heading', { level: 1, name: /Acme Entra ID/ }).waitFor();
    await page.getByRole('heading', { name: 'Check the connection' }).waitFor();
    // Gone for good: neither the overview nor the token list shows it again.
    expect(await page.content()).not.toContain(state.token);
    expect(await main().textContent()).toContain('No requests yet');
    await shot('03-overview-empty');
  });

  it('finds users and a group provisioned over SCIM, and opens a user', async () => {
    const users: [string, string, string][] = [
      ['ada@example.com', 'Ada', 'Lovelace'],
      ['grace@example.com', 'Grace', 'Hopper'],
      ['mallory@example.com', 'Mallory', 'Hacker'],
    ];
    for (const [userName, givenName, familyName] of users) {
      const created = await scim(`${state.scimUrl}/Users`, state.token, {
        body: { schemas: [USER], userName, name: { givenName, familyName }, displayName: userName.startsWith('mallory') ? XSS : `${givenName} ${familyName}`, emails: [{ value: userName, type: 'work', primary: true }] },
      });
      expect(created.status).toBe(201);
      state.ids.set(userName, created.body.id);
    }
    const group = await scim(`${state.scimUrl}/Groups`, state.token, {
      body: { schemas: [GROUP], displayName: 'Engineers', members: [{ value: state.ids.get('ada@example.com') }, { value: state.ids.get('grace@example.com') }] },
    });
    expect(group.status).toBe(201);
    state.ids.set('Engineers', group.body.id);

    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'ada@example.com' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);
    await shot('04-users');
    await page.getByLabel('Search users').fill('hop');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('tbody tr').count(), POLL).toBe(1);
    expect(await page.locator('tbody').textContent()).toContain('grace@example.com');
    await page.getByLabel('Search users').fill('zzz');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => main().textContent(), POLL).toContain('No users match');

    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: 'ada@example.com' }).click();
    await page.locator('h2.user-name').waitFor();
    expect(await page.locator('h2.user-name').textContent()).toBe('ada@example.com');
    expect(await page.locator('pre.json').textContent()).toContain(`"id": "${state.ids.get('ada@example.com')}"`);
    expect(await main().getByRole('link', { name: 'Engineers' }).count()).toBe(1);
    await shot('05-user-detail');

    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('link', { name: 'Engineers' }).click();
    await page.getByRole('heading', { name: 'Members', exact: true }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(2);
    await shot('06-group-detail');
  });

  it('renders a displayName full of markup as text and runs nothing', async () => {
    await page.goto(`${host.origin}/admin/#/t/${state.tenantId}/users`);
    await page.getByRole('link', { name: 'mallory@example.com' }).waitFor();
    expect(await main().getByText(XSS, { exact: true }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'mallory@example.com' }).click();
    await page.locator('dd.display-name').waitFor();
    expect(await page.locator('dd.display-name').textContent()).toBe(XSS);
    expect(await page.locator('dd.display-name').isVisible()).toBe(true);
    expect(await page.locator('img').count()).toBe(0);
    await shot('07-markup-as-text');
    expect(dialogs).toEqual([]);
  });

  it('shows a failed request in the event log with its bodies', async () => {
    const conflict = await scim(`${state.scimUrl}/Users`, state.token, { body: { schemas: [USER], userName: 'ADA@example.com' } });
    expect(conflict.status).toBe(409);
    await page.getByRole('link', { name: 'Event log', exact: true }).click();
    await page.getByLabel('Outcome').selectOption('error');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('tbody tr').count(), POLL).toBe(1);
    expect(await page.locator('tbody tr').textContent()).toContain('409');
    await shot('08-event-log-errors');
    await page.locator('tbody tr a').first().click();
    await page.getByRole('heading', { name: 'Response body' }).waitFor();
    const text = await main().textContent();
    expect(text).toContain('Conflict');
    expect(text).toContain('ADA@example.com');
    expect(text).toContain('uniqueness');
    expect(text).toContain('Microsoft.AAD.Provisioning.SCIM/1.0');
    await shot('09-event-detail');
  });

  it('rotates a token with overlap and revokes the old one', async () => {
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByRole('button', { name: 'Rotate token' }).click();
    await page.locator('#new-token').waitFor();
    const rotated = await page.locator('#new-token').inputValue();
    expect(rotated).not.toBe(state.token);
    expect((await scim(`${state.scimUrl}/Users`, rotated)).status).toBe(200);
    expect((await scim(`${state.scimUrl}/Users`, state.token)).status).toBe(200);
    await shot('10-token-rotated');
    await page.getByRole('button', { name: 'I have copied the token' }).click();
    const oldRow = page.locator('tbody tr', { hasText: state.token.slice(0, 12) });
    await oldRow.getByRole('button', { name: /Revoke/ }).click();
    // The token was used a moment ago, so revoking it wants its name typed.
    await oldRow.getByLabel('Type “Token” to confirm').fill('Token');
    await oldRow.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect.poll(() => page.locator('tbody tr', { hasText: state.token.slice(0, 12) }).textContent(), POLL).toContain('revoked');
    expect((await scim(`${state.scimUrl}/Users`, state.token)).status).toBe(401);
    expect((await scim(`${state.scimUrl}/Users`, rotated)).status).toBe(200);
    await shot('11-tokens');
    state.token = rotated;
  });

  it('creates an OAuth client and a federation trust, and provisions a user with each', async () => {
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByLabel('Client name').fill('Entra production');
    await page.getByRole('button', { name: 'Create client' }).click();
    await page.locator('#new-client-secret').waitFor();
    const clientId = await page.locator('#new-client-id').inputValue();
    const clientSecret = await page.locator('#new-client-secret').inputValue();
    const tokenEndpoint = await page.locator('#new-token-endpoint').inputValue();
    expect(tokenEndpoint).toBe(`${host.origin}/scim/${state.tenantId}/oauth/token`);
    await shot('11a-oauth-client-secret');
    const granted = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    const accessToken = ((await granted.json()) as { access_token: string }).access_token;
    const viaClient = await scim(`${state.scimUrl}/Users`, accessToken, { body: { schemas: [USER], userName: 'oauth@example.com' } });
    expect(viaClient.status).toBe(201);
    await page.getByRole('button', { name: 'I have copied the secret' }).click();
    await expect.poll(() => page.locator('tr[data-client]').textContent(), POLL).toContain('Entra production');

    const { privateKey, publicKey } = await generateKeyPair('ES256');
    await page.getByLabel('Trust name').fill('CI pipeline');
    await page.getByLabel('Issuer (iss)').fill('https://ci.example');
    await page.getByLabel('Subject (sub)').fill('repo:acme/provisioning');
    await page.getByLabel('Audience (aud)').fill('scim');
    await page.getByLabel('Signature algorithm').selectOption('ES256');
    await page.getByLabel('JWKS', { exact: true }).fill(JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] }));
    await page.getByRole('button', { name: 'Create trust' }).click();
    await expect.poll(() => page.locator('tr[data-trust]').count(), POLL).toBe(1);
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ iss: 'https://ci.example', sub: 'repo:acme/provisioning', aud: 'scim', exp: now + 300, jti: 'browser-1' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(privateKey);
    const federated = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }).toString(),
    });
    expect(federated.status).toBe(200);
    const federatedToken = ((await federated.json()) as { access_token: string }).access_token;
    const viaTrust = await scim(`${state.scimUrl}/Users`, federatedToken, { body: { schemas: [USER], userName: 'federated@example.com' } });
    expect(viaTrust.status).toBe(201);
    await shot('11b-clients-and-trusts');
    // The later steps count the users they started with.
    for (const id of [viaClient.body.id, viaTrust.body.id]) expect((await scim(`${state.scimUrl}/Users/${id}`, state.token, { method: 'DELETE' })).status).toBe(204);
  });

  it('removes a user from the directory after confirmation', async () => {
    await page.goto(`${host.origin}/admin/#/t/${state.tenantId}/users/${state.ids.get('grace@example.com')}`);
    await page.getByRole('button', { name: 'Remove from directory…' }).click();
    await shot('12-remove-confirm');
    await page.getByRole('button', { name: 'Remove user' }).click();
    await page.getByRole('heading', { name: /Acme Entra ID/ }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count(), POLL).toBe(2);
    expect(await main().textContent()).not.toContain('grace@example.com');
    expect((await scim(`${state.scimUrl}/Users/${state.ids.get('grace@example.com')}`, state.token)).status).toBe(404);
  });

  it('shows the overview with counts, the connection check and setup guides, and settings', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Check the connection' }).waitFor();
    expect(await page.locator('#curl-command').inputValue()).toBe(`curl -i -H "Authorization: Bearer YOUR_TOKEN" "${state.scimUrl}/Users?count=1"`);
    expect(await page.locator('#scim-url').inputValue()).toBe(state.scimUrl);
    expect(await main().textContent()).toContain('Errors, last 24 h');
    await page.getByLabel('Identity provider', { exact: true }).selectOption('okta');
    expect(await main().textContent()).toContain('Provisioning → To App → Edit');
    await page.getByLabel('Identity provider', { exact: true }).selectOption('entra');
    expect(await main().textContent()).toContain('Coalesce([mail], [userPrincipalName])');
    await shot('13-overview');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Link users on create').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('#notices').textContent(), POLL).toContain('Settings saved');
    expect((await host.directory.tenants.get(state.tenantId))?.settings.linkUsersOnConflict).toBe(true);
    await shot('14-settings');
  });

  it('reaches the pages by keyboard: the skip link and the tabs are focusable', async () => {
    // A fresh document: a change of the hash alone would re-render the page already shown, whose heading could then
    // be focused by that render after the skip below.
    await page.goto('about:blank');
    await page.goto(`${host.origin}/admin/#/t/${state.tenantId}/overview`);
    await page.getByRole('heading', { name: /Acme Entra ID/ }).waitFor();
    // The page is done once its render has moved focus to the heading; only then is a skip not overtaken by it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), POLL).toBe('H1');
    // The skip link is the first stop of the tab order.
    expect(await page.evaluate(() => document.querySelector('a[href], button, input, select, textarea, [tabindex="0"]')?.id)).toBe('skip-link');
    await page.locator('#skip-link').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), POLL).toBe('main');
    await page.getByRole('link', { name: 'Users' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'ada@example.com' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });

  it('has a DOM helper that refuses event-handler attributes and script URLs', async () => {
    // A string, so the test runner does not rewrite the dynamic import for Node.
    const outcome = await page.evaluate(`(async () => {
      const dom = await import(new URL('./dom.js', document.baseURI).href);
      const refused = (make) => { try { make(); return false; } catch { return true; } };
      return {
        onclick: refused(() => dom.h('a', { attrs: { onclick: 'alert(1)' } })),
        style: refused(() => dom.h('div', { attrs: { style: 'color:red' } })),
        javascriptUrl: refused(() => dom.h('a', { attrs: { href: 'javascript:alert(1)' } })),
        text: dom.h('p', null, '<b>bold</b>').innerHTML,
      };
    })()`);
    expect(outcome).toEqual({ onclick: true, style: true, javascriptUrl: true, text: '&lt;b&gt;bold&lt;/b&gt;' });
  });

  it('ran no dialogs and broke no Content-Security-Policy rule', () => {
    expect(dialogs).toEqual([]);
    // The refused sign-in answers 401; the browser logs that as a failed resource load, which is expected.
    expect(failedResponses).toEqual(['401 /admin/api/session']);
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
