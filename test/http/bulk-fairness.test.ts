/**
 * The Bulk gate between two tenants over HTTP, on PostgreSQL with `bulkConcurrency: 1`: a Bulk request of tenant A
 * whose body arrives slowly holds no slot, so tenant B's Bulk request is answered while A is still sending; A's is
 * processed once its body is complete. The order of events is observed, not their timing.
 */
import { request as httpRequest, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

let host: TestHost;
let tenantA: { tenantId: string; token: string; baseUrl: string };
let tenantB: { tenantId: string; token: string; baseUrl: string };

const bulkBody = (userNames: readonly string[]): string =>
  JSON.stringify({
    schemas: [BULK_REQUEST],
    Operations: userNames.map((userName, i) => ({ method: 'POST', path: '/Users', bulkId: `op${i}`, data: { schemas: [USER], userName } })),
  });

/** Starts a Bulk request whose body is sent up to `sentBytes`; the rest is sent by calling `finish`. */
function slowBulk(baseUrl: string, token: string, body: string, sentBytes: number): { request: ClientRequest; answer: Promise<{ status: number; text: string }>; finish: () => void } {
  const request = httpRequest(`${baseUrl}/Bulk`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'content-length': String(Buffer.byteLength(body)) },
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
  });
  request.write(body.slice(0, sentBytes));
  return { request, answer, finish: () => request.end(body.slice(sentBytes)) };
}

beforeAll(async () => {
  host = await startTestHost({ bulkConcurrency: 1 });
  tenantA = await host.createTenant('Fairness A');
  tenantB = await host.createTenant('Fairness B');
});
afterAll(async () => {
  await host?.close();
});

describe('Bulk between tenants', () => {
  it("answers tenant B's Bulk while tenant A is still sending its Bulk body, then A's once it is complete", async () => {
    const events: string[] = [];
    const slow = slowBulk(tenantA.baseUrl, tenantA.token, bulkBody(['slow-a@fair']), 20);
    const slowAnswered = slow.answer.then((answer) => {
      events.push('A answered');
      return answer;
    });
    // A round trip of A's tenant, so A's Bulk request has reached the gate (authenticated) before B's is sent.
    expect((await scimFetch(`${tenantA.baseUrl}/Users?count=1`, tenantA.token)).status).toBe(200);

    const fast = await scimFetch(`${tenantB.baseUrl}/Bulk`, tenantB.token, { rawBody: bulkBody(['fast-b@fair']) });
    events.push('B answered');
    expect(fast.status).toBe(200);
    expect(fast.body.Operations.map((o: { status: string }) => o.status)).toEqual(['201']);

    slow.finish();
    const answer = await slowAnswered;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).Operations.map((o: { status: string }) => o.status)).toEqual(['201']);
    expect(events).toEqual(['B answered', 'A answered']);
  });
});
