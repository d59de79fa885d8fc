/**
 * The event log's batch insert (one JSON parameter read by json_to_recordset) on both databases the product runs
 * on: every field as given, absent ones as NULL, text of any kind intact, ids in the batch's order, and rows of a
 * tenant that no longer exists skipped without losing the rest.
 */
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../lib/store/event-log-records.js';
import { getEvent, insertEvents, listEvents } from '../../lib/store/event-log-store.js';
import { BOTH_DATABASES, useSuiteTenant } from '../support/both-databases.js';

function record(tenantId: string, n: number, overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    tenantId,
    at: new Date(Date.UTC(2025, 5, 1, 12, 0, n, 123)),
    requestId: `req-${n}`,
    method: 'PATCH',
    path: `/Groups/${n}`,
    query: undefined,
    status: 200,
    durationMs: 1.25,
    provider: undefined,
    userAgent: undefined,
    resourceType: 'Groups',
    resourceId: String(n),
    requestBody: undefined,
    responseBody: undefined,
    keep: 500,
    ...overrides,
  };
}

describe.each(BOTH_DATABASES)('insertEvents on %s', (name, open) => {
  const suite = useSuiteTenant(open, `event log store on ${name}`);

  it('stores every field of each record, absent ones as NULL, in the order of the batch', async () => {
    const awkward = 'quotes " and \\ backslash, ünïcödé, emoji 😀, tab\tnew\nline, {"json":[1,null]}, null, \\u0000-ish';
    const full = record(suite.tenantId, 1, {
      query: 'filter=userName%20eq%20%22a%22',
      status: 201,
      durationMs: 12.3456,
      provider: 'entra',
      userAgent: 'Microsoft.AAD.Provisioning.SCIM/1.0',
      requestBody: awkward,
      responseBody: `{"id":"1","text":${JSON.stringify(awkward)}}`,
    });
    const bare = record(suite.tenantId, 2, { resourceType: undefined, resourceId: undefined });
    const many = Array.from({ length: 300 }, (_, i) => record(suite.tenantId, 3 + i));
    await insertEvents(suite.knex, [full, bare, ...many]);

    const { events, total } = await listEvents(suite.knex, suite.tenantId, { limit: 500 });
    expect(total).toBe(302);
    expect(events.map((e) => e.requestId).reverse()).toEqual([full, bare, ...many].map((r) => r.requestId));
    const stored = events.find((e) => e.requestId === 'req-1')!;
    const detail = await getEvent(suite.knex, suite.tenantId, stored.id);
    expect(detail).toMatchObject({
      at: full.at,
      method: 'PATCH',
      path: '/Groups/1',
      query: full.query,
      status: 201,
      provider: 'entra',
      userAgent: full.userAgent,
      resourceType: 'Groups',
      resourceId: '1',
      requestBody: awkward,
      responseBody: full.responseBody,
    });
    expect(detail?.durationMs).toBeCloseTo(12.346, 3);
    const bareDetail = await getEvent(suite.knex, suite.tenantId, events.find((e) => e.requestId === 'req-2')!.id);
    expect(bareDetail).toMatchObject({ query: null, provider: null, userAgent: null, resourceType: null, resourceId: null, requestBody: null, responseBody: null });
    await suite.knex('scim_event_log').where('tenant_id', suite.tenantId).delete();
  });

  it('skips rows of a tenant that does not exist and keeps the rest of the batch', async () => {
    await insertEvents(suite.knex, [record('zzzzzzzzzzzz', 1), record(suite.tenantId, 2)]);
    const { events } = await listEvents(suite.knex, suite.tenantId, { limit: 10 });
    expect(events.map((e) => e.requestId)).toEqual(['req-2']);
    const [counted] = (await suite.knex('scim_event_log').where('tenant_id', 'zzzzzzzzzzzz').count({ count: '*' })) as { count: string | number }[];
    expect(Number(counted?.count)).toBe(0);
    await suite.knex('scim_event_log').where('tenant_id', suite.tenantId).delete();
  });
});
