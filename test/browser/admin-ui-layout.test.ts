/**
 * Every page of the admin UI at a laptop's and a phone's width: the page never scrolls sideways (tables scroll in
 * their own box), a slow answer shows a loading indicator with the tabs still there, a failed one offers Retry
 * within the tabs, and destructive confirmations start on Cancel. Screenshots of each go to test-artifacts/.
 */
import type { Locator, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoPageScroll, openUi, POLL, screenshot, settled, signIn, WIDTHS, type Seeded, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;
beforeAll(async () => {
  ui = await openUi();
}, 90_000);
afterAll(() => ui?.close());

interface PageCase {
  readonly name: string;
  readonly route: (s: Seeded, eventId: string) => string;
  readonly ready: (page: Page) => Locator;
}

const PAGES: readonly PageCase[] = [
  { name: 'directories', route: () => '', ready: (p) => p.getByRole('heading', { name: 'SCIM directories' }) },
  { name: 'overview', route: (s) => `t/${s.tenantId}/overview`, ready: (p) => p.getByRole('heading', { name: 'Check the connection' }) },
  { name: 'users', route: (s) => `t/${s.tenantId}/users`, ready: (p) => p.getByRole('link', { name: 'grace@example.com' }) },
  { name: 'user', route: (s) => `t/${s.tenantId}/users/${s.ids.get('ada.lovelace-byron@analytical-engine.example.com')}`, ready: (p) => p.locator('h2.user-name') },
  { name: 'groups', route: (s) => `t/${s.tenantId}/groups`, ready: (p) => p.getByRole('link', { name: 'Engineers' }) },
  { name: 'group', route: (s) => `t/${s.tenantId}/groups/${s.ids.get('Engineers')}`, ready: (p) => p.getByRole('heading', { name: 'Members', exact: true }) },
  { name: 'schemas', route: (s) => `t/${s.tenantId}/schemas`, ready: (p) => p.getByRole('heading', { name: 'Extension schemas' }) },
  { name: 'schema-form', route: (s) => `t/${s.tenantId}/schemas?form=new`, ready: (p) => p.getByRole('group', { name: 'Attribute 1' }) },
  { name: 'events', route: (s) => `t/${s.tenantId}/events`, ready: (p) => p.locator('tbody tr').first() },
  { name: 'event-400', route: (s, eventId) => `t/${s.tenantId}/events/${eventId}`, ready: (p) => p.getByRole('heading', { name: 'Response body' }) },
  { name: 'tokens', route: (s) => `t/${s.tenantId}/tokens`, ready: (p) => p.getByRole('heading', { name: 'Rotate' }) },
  { name: 'webhooks', route: (s) => `t/${s.tenantId}/webhooks`, ready: (p) => p.getByRole('heading', { name: /^(Add an endpoint|Webhooks need a key)$/ }) },
  { name: 'held-changes', route: (s) => `t/${s.tenantId}/held`, ready: (p) => p.getByText('No changes are held.') },
  { name: 'settings', route: (s) => `t/${s.tenantId}/settings`, ready: (p) => p.getByRole('heading', { name: 'Disable or delete' }) },
  { name: 'audit', route: () => 'audit', ready: (p) => p.getByRole('heading', { name: 'Audit trail' }) },
];

/** Holds matching API answers until released, so the loading state can be seen without timing anything. */
async function holdApi(page: Page, pattern: RegExp): Promise<{ release(): Promise<void> }> {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const handled: Promise<void>[] = [];
  const handler = (route: Route): Promise<void> => {
    const done = gate.then(() => route.continue());
    handled.push(done);
    return done;
  };
  await page.route(pattern, handler);
  return {
    async release() {
      open();
      await Promise.all(handled);
      await page.unroute(pattern, handler);
    },
  };
}

async function badRequestEventId(): Promise<string> {
  const answer = await ui.page.request.get(`${ui.host.origin}/admin/api/tenants/${ui.seeded.tenantId}/events?status=4xx&method=POST`);
  const { events } = (await answer.json()) as { events: { id: string; status: number }[] };
  const event = events.find((e) => e.status === 400);
  expect(event).toBeDefined();
  return event!.id;
}

const activeText = (page: Page): Promise<string | undefined> => page.evaluate(() => document.activeElement?.textContent ?? undefined);

describe.each(WIDTHS)('admin UI at %i px', { timeout: 120_000 }, (width) => {
  const tag = (n: number, name: string): string => `${width}-${String(n).padStart(2, '0')}-${name}`;

  it('shows sign-in, every page and the token panel without scrolling the page sideways', async () => {
    const { page, seeded } = ui;
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await page.goto(ui.url(''));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('.sign-in-reason').textContent()).toContain('signed out');
    await expectNoPageScroll(page, 'sign-in');
    await screenshot(page, tag(0, 'sign-in'));
    await signIn(ui);
    const eventId = await badRequestEventId();
    let n = 1;
    for (const c of PAGES) {
      await page.goto(ui.url(c.route(seeded, eventId)));
      await c.ready(page).waitFor();
      await settled(page);
      await expectNoPageScroll(page, c.name);
      await screenshot(page, tag(n++, c.name));
    }
    await page.goto(ui.url(''));
    await page.getByRole('heading', { name: 'SCIM directories' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(`Phone check ${width}`);
    await page.getByRole('button', { name: 'Create directory' }).click();
    await page.locator('#new-token').waitFor();
    await expectNoPageScroll(page, 'token panel');
    await screenshot(page, tag(n++, 'token-once'));
  });

  it('shows a loading indicator within the tabs while an answer is slow', async () => {
    const { page, seeded } = ui;
    await page.goto(ui.url(`t/${seeded.tenantId}/overview`));
    await page.getByRole('heading', { name: 'Check the connection' }).waitFor();
    const held = await holdApi(page, /\/api\/tenants\/[^/]+\/users\?/);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    const loading = page.locator('main .loading');
    await expect.poll(() => loading.isVisible(), POLL).toBe(true);
    expect(await loading.textContent()).toContain('Loading');
    expect(await loading.getAttribute('role')).toBe('status');
    // The old page is gone, the tabs stay and already mark where we are going.
    expect(await page.getByRole('heading', { name: 'Check the connection' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Directory sections' }).getByRole('link', { name: 'Users' }).getAttribute('aria-current')).toBe('page');
    await expectNoPageScroll(page, 'loading');
    await screenshot(page, tag(20, 'loading'));
    await held.release();
    await page.getByRole('link', { name: 'grace@example.com' }).waitFor();
    expect(await loading.count()).toBe(0);
  });

  it('keeps the tabs and offers Retry when a page fails to load', async () => {
    const { page, seeded } = ui;
    const failing = /\/api\/tenants\/[^/]+\/credentials$/;
    await page.route(failing, (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'The database is not reachable.' } }) }));
    await page.goto(ui.url(`t/${seeded.tenantId}/tokens`));
    await page.getByRole('button', { name: 'Retry' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'The database is not reachable.' }).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Directory sections' }).getByRole('link').count()).toBe(9);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(seeded.tenantName);
    await expect.poll(() => activeText(page), POLL).toBe('This page could not be loaded');
    await expectNoPageScroll(page, 'load failed');
    await screenshot(page, tag(21, 'load-failed'));
    await page.unroute(failing);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { name: 'Rotate' }).waitFor();
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
  });

  it('asks before disabling, removing or revoking, with focus on Cancel', async () => {
    const { page, seeded, host } = ui;
    await page.goto(ui.url(`t/${seeded.tenantId}/settings`));
    const disable = page.getByRole('button', { name: 'Disable directory…' });
    await disable.click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await activeText(page)).toBe('Cancel');
    await expectNoPageScroll(page, 'confirm');
    await screenshot(page, tag(22, 'confirm-disable'));
    // Enter on the focused Cancel keeps the directory enabled and returns focus to the button that asked.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await activeText(page)).toBe('Disable directory…');
    expect((await host.directory.tenants.get(seeded.tenantId))?.enabled).toBe(true);

    await page.getByRole('button', { name: 'Delete directory…' }).click();
    expect(await activeText(page)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await page.goto(ui.url(`t/${seeded.tenantId}/users/${seeded.ids.get('grace@example.com')}`));
    await page.getByRole('button', { name: 'Remove from directory…' }).click();
    expect(await activeText(page)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await page.goto(ui.url(`t/${seeded.tenantId}/tokens`));
    await page.getByRole('button', { name: /^Revoke token/ }).first().click();
    expect(await activeText(page)).toBe('Cancel');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
  });
});

describe('the admin UI pages', () => {
  it('logged no errors and opened no dialogs beyond the failures the tests caused', () => {
    expect(ui.dialogs).toEqual([]);
    expect(ui.failedResponses.filter((r) => !/^503 .*\/credentials$/.test(r))).toEqual([]);
    expect(ui.consoleErrors.filter((e) => !/status of 503/.test(e))).toEqual([]);
  });
});
