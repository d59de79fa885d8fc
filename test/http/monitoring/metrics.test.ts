/**
 * `/metrics` of the standalone app on PostgreSQL: request counts by tenant, status class and provider, the latency
 * histogram, rate-limit refusals, pool and event-log figures, in Prometheus text format; each directory has its own
 * registry; METRICS_TOKEN protects the endpoint when set.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimDirectory, type ScimDirectory } from '../../../lib/directory.js';
import { createStandaloneApp } from '../../../lib/server/standalone-app.js';
import { testKnex } from '../../support/database.js';
import { memoryLogger, scimFetch } from '../../support/http-host.js';

const knex = testKnex();
const servers: Server[] = [];
const directories: ScimDirectory[] = [];

async function startApp(metricsToken?: string): Promise<{ origin: string; directory: ScimDirectory }> {
  const directory = createScimDirectory({ knex, logger: memoryLogger() });
  directories.push(directory);
  const app = createStandaloneApp({ directory, checkDatabase: async () => undefined, metricsToken });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, directory };
}

beforeAll(async () => {
  await createScimDirectory({ knex }).migrate();
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  for (const d of directories) await d.close();
  await knex.destroy();
});

/** The value of the sample whose name and labels are given exactly as exposed. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('exposes requests by tenant, status class and provider, latency, rate limits, pool and event-log figures', async () => {
    const { origin, directory } = await startApp();
    const { tenant, credential } = await directory.tenants.create('Metrics');
    await directory.tenants.updateSettings(tenant.id, { rateLimitPerSecond: 1, rateLimitBurst: 3 });
    const base = `${origin}/scim/${tenant.id}/v2`;
    for (let i = 0; i < 2; i++) expect((await scimFetch(`${base}/Users`, credential.token, { headers: { 'user-agent': 'Azure AD SCIM Client' } })).status).toBe(200);
    expect((await scimFetch(`${base}/Users/missing`, credential.token)).status).toBe(404);
    expect((await scimFetch(`${base}/Users`, credential.token)).status).toBe(429);
    expect((await scimFetch(`${base}/Users`, 'scimdir_wrong0000000000')).status).toBe(401);
    await scimFetch(`${origin}/scim/nosuchtenant/v2/Users`, credential.token);

    const answer = await fetch(`${origin}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await answer.text();
    expect(text).toContain('# TYPE scim_requests_total counter');
    expect(sample(text, `scim_requests_total{tenant="${tenant.id}",status_class="2xx",provider="entra"}`)).toBe(2);
    expect(sample(text, `scim_requests_total{tenant="${tenant.id}",status_class="4xx",provider="unknown"}`)).toBe(3);
    expect(text).not.toContain('nosuchtenant');
    expect(text).toContain('# TYPE scim_request_duration_seconds histogram');
    expect(sample(text, 'scim_request_duration_seconds_count{method="GET",status_class="2xx"}')).toBe(2);
    expect(sample(text, 'scim_request_duration_seconds_bucket{le="+Inf",method="GET",status_class="4xx"}')).toBe(3);
    expect(sample(text, `scim_rate_limited_total{tenant="${tenant.id}"}`)).toBe(1);
    for (const state of ['used', 'free', 'pending']) expect(sample(text, `scim_db_pool_connections{state="${state}"}`)).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'scim_event_log_buffered_events')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'scim_event_log_failed_flushes_total')).toBe(0);
    expect(sample(text, 'scim_request_counter_dropped_total')).toBe(0);

    // Written event-log events show up once flushed.
    await directory.close();
    const after = await (await fetch(`${origin}/metrics`)).text();
    expect(sample(after, 'scim_event_log_events_total{outcome="written"}')).toBe(5);
  });

  it('keeps each directory’s series apart', async () => {
    const a = await startApp();
    const b = await startApp();
    const { tenant, credential } = await a.directory.tenants.create('Only in A');
    expect((await scimFetch(`${a.origin}/scim/${tenant.id}/v2/Users`, credential.token)).status).toBe(200);
    expect(await (await fetch(`${a.origin}/metrics`)).text()).toContain(`tenant="${tenant.id}"`);
    expect(await (await fetch(`${b.origin}/metrics`)).text()).not.toContain(`tenant="${tenant.id}"`);
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const { origin } = await startApp('metrics-secret');
    const refused = await fetch(`${origin}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await fetch(`${origin}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const allowed = await fetch(`${origin}/metrics`, { headers: { authorization: 'Bearer metrics-secret' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('scim_db_pool_connections');
  });
});
