/**
 * Pool fairness in the SCIM router itself: with a host knex pool of 2, a tenant runs at most one request at a time,
 * so while one of its requests holds its slot (its body still arriving), its next request waits and another tenant's
 * request is served. Ordering alone decides the test, never elapsed time.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKnex } from '../support/database.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

let host: TestHost;
const knex = testKnex({ max: 2 });

beforeAll(async () => {
  // Verified tokens stay cached, so authentication takes no database round trip once a tenant's token is known.
  host = await startTestHost({ knex, verificationCacheMs: 600_000 });
});
afterAll(async () => {
  await host.close();
  await knex.destroy();
});

/** Starts a create whose body is sent in two parts; resolves with `finish` once the server has taken the request. */
function slowCreate(url: string, token: string): { finish: () => void; done: Promise<number> } {
  const body = JSON.stringify({ schemas: [USER], userName: 'slow@example.com' });
  let finish = (): void => undefined;
  const done = new Promise<number>((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.write(body.slice(0, 10));
    finish = () => req.end(body.slice(10));
  });
  return { finish: () => finish(), done };
}

describe('pool fairness in the SCIM router', () => {
  it("holds a tenant's second request while its first holds the tenant's share, and serves another tenant meanwhile", async () => {
    const a = await host.createTenant('Noisy');
    const b = await host.createTenant('Quiet');
    expect((await scimFetch(`${a.baseUrl}/Users`, a.token)).status).toBe(200); // A's token now verified and cached
    const order: string[] = [];
    const first = slowCreate(`${a.baseUrl}/Users`, a.token);
    // A full round trip of B's after the first request was sent: by then the server has admitted it.
    expect((await scimFetch(`${b.baseUrl}/Users`, b.token)).status).toBe(200);
    const second = scimFetch(`${a.baseUrl}/Users`, a.token).then((r) => {
      order.push('a-second');
      return r.status;
    });
    // Without fairness A's second lookup would finish within the first of these; with it, it cannot start.
    for (let i = 0; i < 3; i++) {
      expect((await scimFetch(`${b.baseUrl}/Users`, b.token)).status).toBe(200);
      order.push('b');
    }
    expect(order).toEqual(['b', 'b', 'b']);
    first.finish();
    expect(await first.done).toBe(201);
    expect(await second).toBe(200);
    expect(order).toEqual(['b', 'b', 'b', 'a-second']);
  });
});
