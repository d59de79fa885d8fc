/**
 * Event-log capture's own cost, in process, without HTTP or other requests in the way (event-log-load.ts measures a
 * whole server under load; this is the quick check of one change):
 *
 * - the request path: the capture middleware, the response piece the SCIM sender hands it, and the finished-request
 *   listener, per request, for a user create (POST with a body and `Location`) and a lookup (GET of one user);
 * - the flush: 2 500 buffered events of one tenant (one second at 2 500 requests/s, the default flush interval), of
 *   which the newest 500 (the default log size) are written, and 500 buffered events, all written; wall time
 *   (PostgreSQL's share included) and this process's CPU;
 * - all of this process's CPU over the 2 500-a-flush run, per request: request path, flushes and garbage collection
 *   together (the fake requests' own setup included, the same before and after a change).
 *
 *   node --import tsx test/integration/event-log-micro.ts [postgres|pglite]
 *
 * Uses DATABASE_URL, or starts a throwaway PostgreSQL cluster; `pglite` uses an in-memory PGlite instead.
 */
import knexFactory, { type Knex } from 'knex';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { EventLogWriter } from '../../lib/eventlog/event-log-writer.js';
import { createEventLogCapture, type EventLogCapture } from '../../lib/http/event-log-capture.js';
import { noteSentPiece } from '../../lib/http/send-scim.js';
import { detectProviderName } from '../../lib/scim/dialects/provider-detection.js';
import { createPgliteKnex } from '../../lib/server/database.js';
import { migrateToLatest } from '../../lib/store/migration-source.js';
import { TenantsService } from '../../lib/tenants/tenants-service.js';
import type { Tenant } from '../../lib/tenants/types.js';
import { startPostgresCluster } from '../support/postgres-cluster.js';

const quiet = { error: (m: string, x?: unknown) => console.error(m, x), warn: () => undefined, info: () => undefined, debug: () => undefined };
const USER_AGENT = 'Microsoft.AAD.Provisioning.SCIM/1.0';
const ID = '2819c223-7f76-453a-919d-413861904646';

/** One kind of request as capture sees it: the request, and the response the SCIM sender wrote. */
interface Exchange {
  readonly req: ExpressRequest;
  readonly status: number;
  readonly location: string | undefined;
  readonly payload: string;
  readonly routePath: string;
}

function exchanges(tenantId: string): Record<'create' | 'lookup', Exchange> {
  const body = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'load-1-2@example.com',
    name: { givenName: 'Load', familyName: 'User 2' },
    displayName: 'Load User 2',
    emails: [{ value: 'load-1-2@example.com', type: 'work', primary: true }],
    password: 'not-stored-Secret-1',
    active: true,
  };
  const location = `http://127.0.0.1/scim/${tenantId}/v2/Users/${ID}`;
  const now = new Date().toISOString();
  const payload = JSON.stringify({ ...body, password: undefined, id: ID, meta: { resourceType: 'User', created: now, lastModified: now, version: 'W/"1"', location } });
  const headers = (contentLength?: number): Record<string, string> => ({
    'user-agent': USER_AGENT,
    ...(contentLength === undefined ? {} : { 'content-length': String(contentLength), 'content-type': 'application/scim+json' }),
  });
  const request = (method: string, originalUrl: string, parsed: unknown, contentLength?: number): ExpressRequest => {
    const h = headers(contentLength);
    return { method, originalUrl, body: parsed, headers: h, get: (name: string) => h[name.toLowerCase()] } as unknown as ExpressRequest;
  };
  return {
    create: { req: request('POST', `/scim/${tenantId}/v2/Users`, body, Buffer.byteLength(JSON.stringify(body))), status: 201, location, payload, routePath: '/Users' },
    lookup: { req: request('GET', `/scim/${tenantId}/v2/Users/${ID}`, undefined), status: 200, location: undefined, payload, routePath: `/Users/${ID}` },
  };
}

function fakeResponse(exchange: Exchange): ExpressResponse {
  return {
    statusCode: exchange.status,
    locals: {},
    getHeader: (name: string) => (name.toLowerCase() === 'location' ? exchange.location : undefined),
  } as unknown as ExpressResponse;
}

/** Runs `n` captures of `exchange`, flushing every `perFlush`; returns request-path µs and flush ms. */
async function run(capture: EventLogCapture, writer: EventLogWriter, tenant: Tenant, exchange: Exchange, n: number, perFlush: number) {
  // Passed as a plain value: the context's shape is the router's; capture reads only these fields.
  const context = { requestId: 'micro', startedAt: 0n, tenantId: tenant.id, basePath: `/scim/${tenant.id}/v2`, routePath: exchange.routePath, tenant, authenticated: true };
  let pathNs = 0n;
  let flushNs = 0n;
  let flushCpu = 0;
  let flushes = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const res = fakeResponse(exchange);
    const t0 = process.hrtime.bigint();
    capture.captureResponse(exchange.req, res, () => undefined);
    noteSentPiece(res, exchange.payload); // what send-scim.ts does with every body it sends
    capture.onFinished(exchange.req, res, context, 0.42);
    pathNs += process.hrtime.bigint() - t0;
    if (i % perFlush === perFlush - 1) {
      const c0 = process.cpuUsage();
      const f0 = process.hrtime.bigint();
      await writer.flush();
      flushNs += process.hrtime.bigint() - f0;
      const c = process.cpuUsage(c0);
      flushCpu += c.user + c.system;
      flushes++;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return { pathMicros: Number(pathNs) / n / 1000, flushMs: Number(flushNs) / flushes / 1e6, flushCpuMs: flushCpu / flushes / 1000, cpuMicros: (cpu.user + cpu.system) / n };
}

async function main(): Promise<void> {
  const pglite = process.argv[2] === 'pglite';
  const cluster = pglite || process.env.DATABASE_URL ? undefined : await startPostgresCluster({ fast: true });
  const knex: Knex = pglite ? createPgliteKnex(undefined) : knexFactory({ client: 'pg', connection: process.env.DATABASE_URL ?? cluster!.url });
  // Printed after the cluster is stopped: a reader that closes the pipe early (`| head`) must not leave it running.
  const lines: string[] = [];
  try {
    await migrateToLatest(knex);
    const tenants = new TenantsService(knex);
    const { tenant } = await tenants.create('micro');
    const writer = new EventLogWriter(knex, quiet, { flushMs: 60_000 });
    const capture = createEventLogCapture({ writer, detectProvider: detectProviderName });
    const kinds = exchanges(tenant.id);
    // Warm-up: JIT and the database's caches.
    for (const exchange of Object.values(kinds)) await run(capture, writer, tenant, exchange, 5_000, 2_500);
    for (const [name, exchange] of Object.entries(kinds)) {
      const busy = await run(capture, writer, tenant, exchange, 20_000, 2_500);
      const all = await run(capture, writer, tenant, exchange, 5_000, 500);
      lines.push(
        `${name}: request path ${busy.pathMicros.toFixed(2)} µs/request; ` +
          `flush of 2 500 (500 written) ${busy.flushMs.toFixed(1)} ms wall, ${busy.flushCpuMs.toFixed(1)} ms CPU; ` +
          `flush of 500 (all written) ${all.flushMs.toFixed(1)} ms wall, ${all.flushCpuMs.toFixed(1)} ms CPU; ` +
          `all CPU of the 2 500-a-flush run ${busy.cpuMicros.toFixed(1)} µs/request`,
      );
    }
    lines.push(JSON.stringify(writer.stats()));
    await tenants.close();
  } finally {
    await knex.destroy();
    await cluster?.stop();
  }
  console.log(lines.join('\n'));
}

void main();
