/**
 * What the browser tests run against: the standalone app (SCIM at /scim, admin UI at /admin behind the sign-in)
 * on the suite's PostgreSQL, and Debian's Chromium driven by playwright-core with a fresh profile.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Knex } from 'knex';
import { chromium, type BrowserContext } from 'playwright-core';
import { createScimDirectory, type ScimDirectory } from '../../lib/directory.js';
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

/** Starts the standalone app with a known admin secret on a random loopback port. */
export async function startBrowserHost(adminSecret: string): Promise<BrowserHost> {
  // A database of its own: the UI lists every tenant, and other test files create tenants at the same time.
  const knex = await isolatedTestKnex();
  const logger = memoryLogger();
  // As the standalone server builds it (lib/server/open-directory.ts).
  const directory = createScimDirectory({ knex, logger, auditPrincipal: standaloneAuditPrincipal });
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
