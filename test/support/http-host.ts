/**
 * A host application for HTTP tests: an Express app that mounts the directory's SCIM router under a non-default
 * prefix, on a random loopback port, on the suite's real PostgreSQL.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { createScimDirectory, type ScimDirectory } from '../../lib/directory.js';
import type { ScimDirectoryOptions } from '../../lib/options.js';
import type { ScimLogger } from '../../lib/logger.js';
import { testKnex } from './database.js';

/** The prefix the test host mounts the SCIM router under. */
export const SCIM_PREFIX = '/api/identity/scim';

/** A running test host. */
export interface TestHost {
  readonly directory: ScimDirectory;
  readonly knex: Knex;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The SCIM base URL of a tenant: `<origin><prefix>/<tenantId>/v2`. */
  scimUrl(tenantId: string): string;
  /** Creates a tenant; returns its id, token and SCIM base URL. */
  createTenant(name?: string): Promise<{ tenantId: string; token: string; baseUrl: string }>;
  close(): Promise<void>;
}

/** Collects log lines in memory, so tests can check what is logged. */
export function memoryLogger(lines: { level: string; message: string; meta?: Record<string, unknown> }[] = []): ScimLogger & { lines: typeof lines } {
  const push = (level: string) => (message: string, meta?: Record<string, unknown>) => {
    lines.push({ level, message, ...(meta ? { meta } : {}) });
  };
  return { lines, error: push('error'), warn: push('warn'), info: push('info'), debug: push('debug') };
}

/** Starts a host app with a directory on the test database. */
export async function startTestHost(options: Partial<ScimDirectoryOptions> = {}): Promise<TestHost> {
  const knex = options.knex ?? testKnex();
  const directory = createScimDirectory({ logger: memoryLogger(), ...options, knex });
  const app = express();
  app.use(SCIM_PREFIX, directory.scimRouter);
  app.use('/admin', directory.adminRouter);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scimUrl = (tenantId: string): string => `${origin}${SCIM_PREFIX}/${tenantId}/v2`;
  return {
    directory,
    knex,
    origin,
    scimUrl,
    async createTenant(name = 'Test tenant') {
      const { tenant, credential } = await directory.tenants.create(name);
      return { tenantId: tenant.id, token: credential.token, baseUrl: scimUrl(tenant.id) };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await directory.close();
      if (!options.knex) await knex.destroy();
    },
  };
}

/** fetch with a bearer token and a SCIM JSON body; returns status, headers and the parsed body. */
export async function scimFetch(
  url: string,
  token: string | undefined,
  init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/scim+json';
  const response = await fetch(url, { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
