/**
 * Shared by the admin UI's browser tests: a standalone host with one directory holding users, a group and a few
 * recorded requests (a create, a conflict, an invalid request), a signed-in Chromium page, and the checks each
 * page gets (no sideways scrolling of the page, screenshots).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { defaultUiDirectory } from '../../lib/admin/static-ui.js';
import { ARTIFACTS, CHROMIUM, launchChromium, scim, startBrowserHost, type BrowserHost } from './browser-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Generous: the suite shares the machine with the database and other test files. */
export const POLL = { timeout: 15_000, interval: 100 };
/** The two widths every page is checked at: a laptop and a phone. */
export const WIDTHS = [1366, 390] as const;

/** What the seeded directory holds. */
export interface Seeded {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly scimUrl: string;
  readonly token: string;
  /** Ids by userName or group displayName. */
  readonly ids: ReadonlyMap<string, string>;
  /** The detail of the 400 the invalid request got. */
  readonly badRequestDetail: string;
}

/** A running host, a browser page signed in to it, and what went wrong in the page. */
export interface UiFixture {
  readonly host: BrowserHost;
  readonly page: Page;
  readonly seeded: Seeded;
  readonly consoleErrors: string[];
  readonly failedResponses: string[];
  readonly dialogs: string[];
  /** The admin UI's URL of a route, e.g. `t/<id>/users`. */
  url(route: string): string;
  close(): Promise<void>;
}

async function seed(host: BrowserHost): Promise<Seeded> {
  const tenantName = 'Acme Entra ID production directory';
  const { tenant, credential } = await host.directory.tenants.create(tenantName);
  const scimUrl = `${host.origin}/scim/${tenant.id}/v2`;
  const ids = new Map<string, string>();
  // Long names without break opportunities: what makes tables too wide for a phone.
  const users: [string, string, string][] = [
    ['ada.lovelace-byron@analytical-engine.example.com', 'Ada', 'Lovelace'],
    ['grace@example.com', 'Grace', 'Hopper'],
    ['margaret.hamilton@apollo-guidance.example.org', 'Margaret', 'Hamilton'],
  ];
  for (const [userName, givenName, familyName] of users) {
    const created = await scim(`${scimUrl}/Users`, credential.token, {
      body: { schemas: [USER], userName, externalId: `ext-${givenName.toLowerCase()}-0123456789abcdef`, name: { givenName, familyName }, displayName: `${givenName} ${familyName}`, emails: [{ value: userName, type: 'work', primary: true }] },
    });
    expect(created.status).toBe(201);
    ids.set(userName, created.body.id);
  }
  const group = await scim(`${scimUrl}/Groups`, credential.token, {
    body: { schemas: [GROUP], displayName: 'Engineers', externalId: 'ext-group-engineers-0123456789abcdef', members: [...ids.values()].map((value) => ({ value })) },
  });
  expect(group.status).toBe(201);
  ids.set('Engineers', group.body.id);
  expect((await scim(`${scimUrl}/Users`, credential.token, { body: { schemas: [USER], userName: 'GRACE@example.com' } })).status).toBe(409);
  const invalid = await scim(`${scimUrl}/Users`, credential.token, { body: { schemas: [USER], userName: 'katherine@example.com', active: 'sometimes' } });
  expect(invalid.status).toBe(400);
  return { tenantId: tenant.id, tenantName, scimUrl, token: credential.token, ids, badRequestDetail: String(invalid.body.detail) };
}

/** Starts a host, seeds it, opens Chromium and signs in. */
export async function openUi(): Promise<UiFixture> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  if (!defaultUiDirectory()) throw new Error('The admin UI is not built: run npm run build first.');
  const host = await startBrowserHost('browser-test-admin-secret-0123456789');
  const seeded = await seed(host);
  const browser = await launchChromium();
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const fixture: UiFixture = {
    host,
    page,
    seeded,
    consoleErrors: [],
    failedResponses: [],
    dialogs: [],
    url: (route) => `${host.origin}/admin/#/${route}`,
    async close() {
      await browser.close();
      await host.close();
    },
  };
  page.on('dialog', (dialog) => {
    fixture.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') fixture.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => fixture.consoleErrors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) fixture.failedResponses.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  await page.goto(`${host.origin}/admin/`);
  await signIn(fixture);
  return fixture;
}

/** Fills in the sign-in page shown now and waits until it is gone. */
export async function signIn(ui: UiFixture): Promise<void> {
  await ui.page.getByLabel('Admin secret').fill(ui.host.adminSecret);
  await ui.page.getByRole('button', { name: 'Sign in' }).click();
  await ui.page.getByRole('heading', { name: 'Sign in' }).waitFor({ state: 'detached' });
}

/** Waits until the page shows no loading indicator. */
export async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('main .loading').count(), POLL).toBe(0);
}

/** Asserts that the page does not scroll sideways: everything wider scrolls inside its own box. */
export async function expectNoPageScroll(page: Page, what: string): Promise<void> {
  const size = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    // The elements sticking out, innermost first, to say what to fix when the check fails.
    const right = (n: Node): number => {
      const range = document.createRange();
      range.selectNodeContents(n);
      return Math.max(range.getBoundingClientRect().right, n instanceof Element ? n.getBoundingClientRect().right : 0);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const out: string[] = [];
    for (let n = walker.nextNode(); n && out.length < 5; n = walker.nextNode()) {
      if (right(n) > root.clientWidth + 0.5) out.push(`"${(n.textContent ?? '').slice(0, 40)}" in ${n.parentElement?.tagName.toLowerCase()}.${n.parentElement?.className} (${Math.round(right(n))} px)`);
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, out };
  });
  expect(size.scrollWidth, `${what}: the page is ${size.scrollWidth} px wide in a ${size.clientWidth} px window: ${size.out.join(', ')}`).toBeLessThanOrEqual(size.clientWidth);
}

/** A full-page screenshot in test-artifacts/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
