/**
 * What the browser tests run against: the standalone app (SCIM at /scim, admin UI at /admin behind the sign-in)
 * on the suite's PostgreSQL, and Debian's Chromium driven by playwright-core with a fresh profile.
 */
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Knex } from 'knex';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { defaultUiDirectory } from '../../lib/admin/static-ui.js';
import { createScimDirectory, type ScimDirectory } from '../../lib/directory.js';
import type { ScimDirectoryOptions } from '../../lib/options.js';
import { createAdminAuth, standaloneAuditPrincipal } from '../../lib/server/admin-auth.js';
import { resolveAdminSecret } from '../../lib/server/admin-secret.js';
import { createStandaloneApp } from '../../lib/server/standalone-app.js';
import { createAdminSessionsStore } from '../../lib/store/admin-sessions-store.js';
import { isolatedTestKnex } from '../support/database.js';
import { memoryLogger } from '../support/http-host.js';

/** Where Debian installs Chromium (`.ci/run` installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots go here (gitignored). */
export const ARTIFACTS = resolve('test-artifacts');

/** A running standalone host. */
export interface BrowserHost {
  readonly origin: string;
  readonly adminSecret: string;
  readonly directory: ScimDirectory;
  readonly knex: Knex;
  close(): Promise<void>;
}

/** Starts the standalone app with a known admin secret on a random loopback port; `options` add directory options. */
export async function startBrowserHost(adminSecret: string, options: Partial<ScimDirectoryOptions> = {}): Promise<BrowserHost> {
  // A database of its own: the UI lists every tenant, and other test files create tenants at the same time.
  const knex = await isolatedTestKnex();
  const logger = memoryLogger();
  // As the standalone server builds it (lib/server/open-directory.ts).
  const directory = createScimDirectory({ knex, logger, auditPrincipal: standaloneAuditPrincipal, ...options });
  const secret = await resolveAdminSecret(knex, adminSecret);
  const app = createStandaloneApp({ directory, adminGuard: createAdminAuth({ secret, logger, sessions: createAdminSessionsStore(knex) }), checkDatabase: async () => undefined });
  const server = await new Promise<Server>((done) => {
    const s = app.listen(0, '127.0.0.1', () => done(s));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    adminSecret,
    directory,
    knex,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await directory.close();
      await knex.destroy();
    },
  };
}

/** A headless Chromium with a fresh profile; `close` removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'scimdir-chromium-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** SCIM over fetch with a bearer token, as an identity provider would. */
export async function scim(url: string, token: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'user-agent': 'Microsoft.AAD.Provisioning.SCIM/1.0' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A standalone host, Chromium and one page on it, with the page's console errors collected. */
export interface BrowserSession {
  readonly host: BrowserHost;
  readonly page: Page;
  readonly consoleErrors: string[];
  close(): Promise<void>;
}

/**
 * Starts a host with `adminSecret` (and directory `options`) and a Chromium page, after checking Chromium is installed and the admin UI is
 * built; errors logged by the page or thrown in it are collected in `consoleErrors`.
 */
export async function openBrowserSession(adminSecret: string, options: Partial<ScimDirectoryOptions> = {}): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  if (!defaultUiDirectory()) throw new Error('The admin UI is not built: run npm run build first.');
  const host = await startBrowserHost(adminSecret, options);
  const browser = await launchChromium();
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return {
    host,
    page,
    consoleErrors,
    async close() {
      await browser.close();
      await host.close();
    },
  };
}
