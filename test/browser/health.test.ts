/**
 * Health at a glance in Chromium: the directory list's health column tells a healthy and a failing directory
 * apart, and the overview draws the hourly and daily charts as inline SVG with no CSP violation or console error.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowserSession, scim, type BrowserHost, type BrowserSession } from './browser-host.js';

const POLL = { timeout: 15_000, interval: 100 };

let session: BrowserSession;
let host: BrowserHost;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await openBrowserSession('browser-health-admin-secret-0123456789');
  ({ host, page, consoleErrors } = session);
}, 60_000);

afterAll(() => session?.close());

describe('health in the admin UI', { timeout: 90_000 }, () => {
  it('shows each directory’s health in the list and draws the request charts on the overview', async () => {
    const healthy = await host.directory.tenants.create('Healthy directory');
    const failing = await host.directory.tenants.create('Failing directory');
    const base = (id: string): string => `${host.origin}/scim/${id}/v2`;
    for (let i = 0; i < 3; i++) expect((await scim(`${base(healthy.tenant.id)}/Users`, healthy.credential.token)).status).toBe(200);
    expect((await scim(`${base(failing.tenant.id)}/Users`, failing.credential.token)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await scim(`${base(failing.tenant.id)}/Users`, 'scimdir_wrong0000000000')).status).toBe(401);

    await page.goto(`${host.origin}/admin/`);
    await page.getByLabel('Admin secret').fill(host.adminSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'SCIM directories' }).waitFor();
    const badgeOf = (name: string) => page.locator('tr', { hasText: name }).locator('[data-health]');
    await expect.poll(() => badgeOf('Healthy directory').getAttribute('data-health'), POLL).toBe('healthy');
    expect(await badgeOf('Failing directory').textContent()).toBe('Failing');
    expect(await page.locator('tr', { hasText: 'Healthy directory' }).textContent()).toContain('last request');
    await page.screenshot({ path: join(ARTIFACTS, 'health-list.png'), fullPage: true });

    await page.getByRole('link', { name: 'Failing directory' }).click();
    await page.locator('section.health').waitFor();
    expect(await page.locator('section.health h2').textContent()).toContain('Failing');
    expect(await page.locator('section.health').textContent()).toContain('5 of 6');
    const charts = page.locator('svg.bar-chart');
    expect(await charts.count()).toBe(2);
    expect(await charts.first().getAttribute('aria-label')).toBe('Requests and errors per hour, last 24 hours: 6 requests, 5 errors');
    expect(await charts.first().locator('g.bar').count()).toBe(24);
    expect(await charts.nth(1).locator('g.bar').count()).toBe(30);
    expect(await charts.first().locator('rect.errors').count()).toBeGreaterThanOrEqual(1);
    const box = await charts.first().boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(20);
    await page.screenshot({ path: join(ARTIFACTS, 'health-overview.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
