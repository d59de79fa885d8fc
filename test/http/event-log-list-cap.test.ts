/**
 * The event log keeps list responses shorter than other bodies (event-log-capture.ts): a page of users is stored
 * up to the list cap and marked truncated, while a single resource of the same size is stored whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIST_BODY_CAP } from '../../lib/http/event-log-capture.js';
import { getEvent, listEvents } from '../../lib/store/event-log-store.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
let host: TestHost;

beforeAll(async () => {
  host = await startTestHost();
});
afterAll(() => host?.close());

async function storedResponse(tenantId: string, requestId: string): Promise<string | undefined> {
  await host.directory.close(); // flushes the event log writer
  const { events } = await listEvents(host.knex, tenantId, { limit: 100 });
  const event = events.find((candidate) => candidate.requestId === requestId);
  return event ? (await getEvent(host.knex, tenantId, event.id))?.responseBody ?? undefined : undefined;
}

describe('event log list responses', () => {
  it('stores a page of users up to the list cap and a large single user whole', async () => {
    const t = await host.createTenant('list cap');
    // Each user carries ~1 KB, so a page of 20 is well past the list cap; one user is then made 3 × that size.
    const title = 'x'.repeat(1000);
    let id = '';
    for (let i = 0; i < 20; i++) {
      const created = await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: `cap${i}@example.com`, title } });
      id = created.body.id as string;
    }
    const page = await scimFetch(`${t.baseUrl}/Users?count=20`, t.token, { headers: { 'x-request-id': 'req-list-page' } });
    expect(page.text.length).toBeGreaterThan(2 * DEFAULT_LIST_BODY_CAP);
    const stored = await storedResponse(t.tenantId, 'req-list-page');
    expect(stored?.startsWith(page.text.slice(0, DEFAULT_LIST_BODY_CAP))).toBe(true);
    expect(stored).toContain(`[truncated: ${Buffer.byteLength(page.text)} bytes in all, the first ${DEFAULT_LIST_BODY_CAP} characters kept]`);

    const big = await scimFetch(`${t.baseUrl}/Users/${id}`, t.token, { method: 'PATCH', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'y'.repeat(3 * DEFAULT_LIST_BODY_CAP) }] } });
    expect(big.status).toBe(200);
    const single = await scimFetch(`${t.baseUrl}/Users/${id}`, t.token, { headers: { 'x-request-id': 'req-one-user' } });
    expect(single.text.length).toBeGreaterThan(3 * DEFAULT_LIST_BODY_CAP);
    expect(await storedResponse(t.tenantId, 'req-one-user')).toBe(single.text);
  });
});
