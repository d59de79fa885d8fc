import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { EventLogWriter } from '../../lib/eventlog/event-log-writer.js';
import type { EventRecord } from '../../lib/store/event-log-records.js';
import { getEvent, listEvents } from '../../lib/store/event-log-store.js';
import { TenantsService } from '../../lib/tenants/tenants-service.js';
import { testKnex } from '../support/database.js';
import { memoryLogger, scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

let knex: Knex;
let tenants: TenantsService;

beforeAll(() => {
  knex = testKnex();
  tenants = new TenantsService(knex);
});
afterAll(async () => {
  await tenants.close();
  await knex.destroy();
});

function event(tenantId: string, n: number, keep = 500): EventRecord {
  return {
    tenantId,
    at: new Date(),
    requestId: `req-${n}`,
    method: 'GET',
    path: `/Users/${n}`,
    query: undefined,
    status: n % 2 === 0 ? 200 : 404,
    durationMs: 1.5,
    provider: undefined,
    userAgent: 'test',
    resourceType: 'Users',
    resourceId: String(n),
    requestBody: undefined,
    responseBody: '{}',
    keep,
  };
}

async function storedRequestIds(tenantId: string): Promise<string[]> {
  const { events } = await listEvents(knex, tenantId, { limit: 200 });
  return events.map((e) => e.requestId);
}

describe('EventLogWriter', () => {
  it('writes buffered events in batches, newest listed first, only when flushed', async () => {
    const { tenant } = await tenants.create('writer');
    const writer = new EventLogWriter(knex, memoryLogger(), { flushMs: 60_000, batchSize: 3 });
    for (let n = 1; n <= 7; n++) writer.record(event(tenant.id, n));
    expect(await storedRequestIds(tenant.id)).toEqual([]);
    expect(writer.stats().buffered).toBe(7);
    await writer.flush();
    expect(await storedRequestIds(tenant.id)).toEqual(['req-7', 'req-6', 'req-5', 'req-4', 'req-3', 'req-2', 'req-1']);
    expect(writer.stats()).toMatchObject({ buffered: 0, written: 7, dropped: 0 });
    await writer.close();
  });

  it('trims each tenant to its own size on flush', async () => {
    const a = (await tenants.create('trim a')).tenant;
    const b = (await tenants.create('trim b')).tenant;
    const writer = new EventLogWriter(knex, memoryLogger(), { flushMs: 60_000 });
    for (let n = 1; n <= 6; n++) writer.record(event(a.id, n, 4));
    for (let n = 1; n <= 3; n++) writer.record(event(b.id, n, 4));
    await writer.flush();
    expect(await storedRequestIds(a.id)).toEqual(['req-6', 'req-5', 'req-4', 'req-3']);
    expect(await storedRequestIds(b.id)).toEqual(['req-3', 'req-2', 'req-1']);
    // a's two oldest were never written: the same flush held four newer ones of a.
    expect(writer.stats()).toMatchObject({ written: 7, superseded: 2 });
    writer.record(event(a.id, 7, 2));
    await writer.flush();
    expect(await storedRequestIds(a.id)).toEqual(['req-7', 'req-6']);
    await writer.trim(a.id, 0);
    expect(await storedRequestIds(a.id)).toEqual([]);
    await writer.close();
  });

  it('drops the oldest buffered events when full, counts them and says so in the log', async () => {
    const { tenant } = await tenants.create('full');
    const logger = memoryLogger();
    const writer = new EventLogWriter(knex, logger, { flushMs: 60_000, maxEvents: 3 });
    for (let n = 1; n <= 5; n++) writer.record(event(tenant.id, n));
    expect(writer.stats()).toMatchObject({ buffered: 3, dropped: 2 });
    await writer.flush();
    expect(await storedRequestIds(tenant.id)).toEqual(['req-5', 'req-4', 'req-3']);
    expect(logger.lines.some((l) => l.level === 'warn' && l.meta?.dropped === 2)).toBe(true);
    await writer.close();
  });

  it('bounds memory by bytes as well as by count', async () => {
    const { tenant } = await tenants.create('bytes');
    const writer = new EventLogWriter(knex, memoryLogger(), { flushMs: 60_000, maxBytes: 50_000 });
    for (let n = 1; n <= 10; n++) writer.record({ ...event(tenant.id, n), responseBody: 'x'.repeat(10_000) });
    expect(writer.stats().bufferedBytes).toBeLessThanOrEqual(50_000);
    expect(writer.stats().dropped).toBeGreaterThan(0);
    await writer.close();
  });

  it('skips events of a tenant deleted before the flush without losing the rest of the batch', async () => {
    const gone = (await tenants.create('gone')).tenant;
    const kept = (await tenants.create('kept')).tenant;
    const writer = new EventLogWriter(knex, memoryLogger(), { flushMs: 60_000 });
    writer.record(event(gone.id, 1));
    writer.record(event(kept.id, 2));
    await tenants.delete(gone.id);
    await writer.flush();
    expect(writer.stats().failedFlushes).toBe(0);
    expect(await storedRequestIds(kept.id)).toEqual(['req-2']);
    await writer.close();
  });

  it('flushes on its interval without being asked', async () => {
    const { tenant } = await tenants.create('interval');
    const writer = new EventLogWriter(knex, memoryLogger(), { flushMs: 20 });
    writer.record(event(tenant.id, 1));
    await expect.poll(() => storedRequestIds(tenant.id), { timeout: 2000 }).toEqual(['req-1']);
    await writer.close();
  });
});

describe('event log capture in the SCIM router', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(() => host.close());

  async function eventsOf(tenantId: string) {
    await host.directory.close();
    return (await listEvents(host.knex, tenantId, { limit: 50 })).events;
  }

  it('records a refused request of a known tenant with time, status, path, query, user agent and request id, and no token', async () => {
    const t = await host.createTenant('capture 401');
    const response = await scimFetch(`${t.baseUrl}/Users?filter=userName%20eq%20%22ada%22`, 'scimdir_wrongwrongwrong', {
      headers: { 'user-agent': 'Okta SCIM Client 1.0.0', 'x-request-id': 'req-capture-401' },
    });
    expect(response.status).toBe(401);
    // The event log is written in the background: close() flushes it.
    const [recorded] = await eventsOf(t.tenantId);
    expect(recorded).toMatchObject({
      requestId: 'req-capture-401',
      method: 'GET',
      path: '/Users',
      query: 'filter=userName%20eq%20%22ada%22',
      status: 401,
      userAgent: 'Okta SCIM Client 1.0.0',
      resourceType: 'Users',
    });
    expect(recorded?.durationMs).toBeGreaterThan(0);
    const detail = await getEvent(host.knex, t.tenantId, recorded!.id);
    expect(detail?.responseBody).toContain('"status":"401"');
    expect(JSON.stringify(detail)).not.toContain('wrongwrongwrong');
  });

  it('records an authenticated request with its redacted body and the response', async () => {
    const t = await host.createTenant('capture body');
    const response = await scimFetch(`${t.baseUrl}/Users`, t.token, {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'grace@example.com', password: 'hunter2-hunter2' },
      headers: { 'x-request-id': 'req-capture-body' },
    });
    const [recorded] = await eventsOf(t.tenantId);
    expect(recorded).toMatchObject({ requestId: 'req-capture-body', method: 'POST', path: '/Users', status: response.status });
    const detail = await getEvent(host.knex, t.tenantId, recorded!.id);
    expect(detail?.requestBody).toContain('grace@example.com');
    expect(detail?.requestBody).toContain('"password":"[redacted]"');
    expect(JSON.stringify(detail)).not.toContain('hunter2');
    expect(JSON.stringify(detail)).not.toContain(t.token);
    expect(detail?.responseBody).toBe(response.text);
    if (response.status === 201) expect(recorded?.resourceId).toBe(response.body.id);
  });

  it('records nothing for an unknown tenant, and nothing for a tenant whose log size is 0', async () => {
    const t = await host.createTenant('capture off');
    await host.directory.tenants.updateSettings(t.tenantId, { eventLogSize: 0 });
    await new Promise((r) => setTimeout(r, host.directory.options.verificationCacheMs + 20));
    await scimFetch(`${t.baseUrl}/Users`, t.token);
    await scimFetch(host.scimUrl('zzzzzzzzzzzz') + '/Users', t.token);
    expect(await eventsOf(t.tenantId)).toEqual([]);
    const [counted] = (await host.knex('scim_event_log').where('tenant_id', 'zzzzzzzzzzzz').count({ count: '*' })) as { count: string }[];
    expect(Number(counted?.count)).toBe(0);
  });
});
