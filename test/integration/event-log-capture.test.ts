/**
 * Capture and the writer together, on PostgreSQL and PGlite: the request path only leaves references, and the
 * flush builds (redaction, body text, provider) only the events it writes, so what is stored is what capture
 * always stored while superseded events cost nothing but their place in the buffer.
 */
import { describe, expect, it } from 'vitest';
import type { Request, Response } from 'express';
import { EventLogWriter } from '../../lib/eventlog/event-log-writer.js';
import { REDACTED } from '../../lib/eventlog/redact.js';
import { createEventLogCapture, type EventLogCapture } from '../../lib/http/event-log-capture.js';
import { noteSentPiece } from '../../lib/http/send-scim.js';
import { getEvent, listEvents } from '../../lib/store/event-log-store.js';
import { DEFAULT_TENANT_SETTINGS } from '../../lib/tenants/tenant-settings.js';
import type { Tenant } from '../../lib/tenants/types.js';
import { BOTH_DATABASES, useSuiteTenant, type SuiteTenant } from '../support/both-databases.js';
import { memoryLogger } from '../support/http-host.js';

/** A user create whose body counts reads of `userName`, and a provider detector that counts its calls. */
function countingCapture(writer: EventLogWriter) {
  const reads = { body: 0, detect: 0 };
  const capture = createEventLogCapture({
    writer,
    detectProvider: (userAgent) => {
      reads.detect++;
      return userAgent?.startsWith('Okta') ? 'okta' : undefined;
    },
  });
  return { reads, capture };
}

/** Sends one create through capture as the SCIM router would: middleware, the sent body, the finished listener. */
function send(capture: EventLogCapture, suite: SuiteTenant, keep: number, n: number, reads: { body: number }, contentLength = 200): void {
  const tenant: Tenant = { id: suite.tenantId, name: 'capture', enabled: true, createdAt: new Date(), settings: { ...DEFAULT_TENANT_SETTINGS, eventLogSize: keep } };
  const body = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    get userName() {
      reads.body++;
      return `user${n}@example.com`;
    },
    password: `secret-${n}-hunter2`,
  };
  const headers: Record<string, string> = {
    'user-agent': 'Okta SCIM Client 1.0.0',
    'content-length': String(contentLength),
    authorization: 'Bearer scimdir_abcdefghijklmnopqrstuvwxyz',
  };
  const req = {
    method: 'POST',
    originalUrl: `/scim/${suite.tenantId}/v2/Users?access_token=leaked-${n}`,
    body,
    headers,
    get: (name: string) => headers[name.toLowerCase()],
  } as unknown as Request;
  const location = `http://localhost/scim/${suite.tenantId}/v2/Users/id-${n}`;
  const res = { statusCode: 201, locals: {}, getHeader: (name: string) => (name.toLowerCase() === 'location' ? location : undefined) } as unknown as Response;
  const context = { requestId: `req-${n}`, startedAt: 0n, tenantId: suite.tenantId, basePath: `/scim/${suite.tenantId}/v2`, routePath: '/Users', tenant, authenticated: true };
  capture.captureResponse(req, res, () => undefined);
  noteSentPiece(res, JSON.stringify({ id: `id-${n}`, userName: `user${n}@example.com`, note: 'scimdir_abcdefghijklmnop' }));
  capture.onFinished(req, res, context, 2.5);
}

async function storedRequestIds(suite: SuiteTenant): Promise<string[]> {
  const { events } = await listEvents(suite.knex, suite.tenantId, { limit: 100 });
  return events.map((e) => e.requestId).reverse();
}

describe.each(BOTH_DATABASES)('event log capture on %s', (name, open) => {
  const suite = useSuiteTenant(open, `capture on ${name}`);

  it('builds only the events the flush writes: superseded ones never read their body or name a provider', async () => {
    await suite.knex('scim_event_log').where('tenant_id', suite.tenantId).delete();
    const writer = new EventLogWriter(suite.knex, memoryLogger(), { flushMs: 60_000 });
    const { reads, capture } = countingCapture(writer);
    for (let n = 1; n <= 10; n++) send(capture, suite, 3, n, reads);
    expect(reads).toEqual({ body: 0, detect: 0 });
    expect(writer.stats().buffered).toBe(10);
    await writer.flush();
    expect(reads).toEqual({ body: 3, detect: 3 });
    expect(writer.stats()).toMatchObject({ written: 3, superseded: 7, failedEvents: 0 });
    expect(await storedRequestIds(suite)).toEqual(['req-8', 'req-9', 'req-10']);
    await writer.close();
  });

  it('stores the events redacted: body secrets, query tokens and our tokens in the response', async () => {
    await suite.knex('scim_event_log').where('tenant_id', suite.tenantId).delete();
    const writer = new EventLogWriter(suite.knex, memoryLogger(), { flushMs: 60_000 });
    const { reads, capture } = countingCapture(writer);
    send(capture, suite, 5, 1, reads);
    await writer.flush();
    const { events } = await listEvents(suite.knex, suite.tenantId, { limit: 10 });
    expect(events).toHaveLength(1);
    const detail = await getEvent(suite.knex, suite.tenantId, events[0]!.id);
    expect(detail).toMatchObject({
      requestId: 'req-1',
      method: 'POST',
      path: '/Users',
      query: `access_token=${REDACTED}`,
      status: 201,
      provider: 'okta',
      userAgent: 'Okta SCIM Client 1.0.0',
      resourceType: 'Users',
      resourceId: 'id-1',
    });
    expect(detail?.requestBody).toBe(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"user1@example.com","password":"${REDACTED}"}`);
    expect(detail?.responseBody).toBe(`{"id":"id-1","userName":"user1@example.com","note":"scimdir_${REDACTED}"}`);
    expect(JSON.stringify(detail)).not.toMatch(/hunter2|leaked|abcdefghijklmnop/);
    await writer.close();
  });

  it('leaves out an event that fails to build, counts and logs it, and writes the rest', async () => {
    await suite.knex('scim_event_log').where('tenant_id', suite.tenantId).delete();
    const logger = memoryLogger();
    const writer = new EventLogWriter(suite.knex, logger, { flushMs: 60_000 });
    const { reads, capture } = countingCapture(writer);
    send(capture, suite, 5, 1, reads);
    writer.recordPending({
      tenantId: suite.tenantId,
      keep: 5,
      size: 100,
      toRecord: () => {
        throw new Error('no record here');
      },
    });
    send(capture, suite, 5, 3, reads);
    await writer.flush();
    expect(writer.stats()).toMatchObject({ written: 2, failedEvents: 1, failedFlushes: 0 });
    expect(await storedRequestIds(suite)).toEqual(['req-1', 'req-3']);
    expect(logger.lines.some((l) => l.level === 'error' && l.meta?.events === 1 && String(l.meta?.error).includes('no record here'))).toBe(true);
    await writer.close();
  });

  it('bounds memory by the estimate from Content-Length, dropping the oldest, without reading a body', async () => {
    await suite.knex('scim_event_log').where('tenant_id', suite.tenantId).delete();
    const writer = new EventLogWriter(suite.knex, memoryLogger(), { flushMs: 60_000, maxBytes: 20_000 });
    const { reads, capture } = countingCapture(writer);
    // Each body says it is 4 000 bytes (about 8 000 on the heap): two fit, the oldest go.
    for (let n = 1; n <= 6; n++) send(capture, suite, 100, n, reads, 4_000);
    expect(reads.body).toBe(0);
    expect(writer.stats()).toMatchObject({ buffered: 2, dropped: 4 });
    expect(writer.stats().bufferedBytes).toBeLessThanOrEqual(20_000);
    await writer.flush();
    expect(await storedRequestIds(suite)).toEqual(['req-5', 'req-6']);
    expect(reads.body).toBe(2);
    await writer.close();
  });
});
