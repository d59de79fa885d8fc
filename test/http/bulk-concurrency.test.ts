/**
 * The Bulk gate through a host app on PostgreSQL with `bulkConcurrency: 1`: a second Bulk request waits, its body
 * unread, until the first one has been answered; other requests are never held up; a client that gives up while
 * waiting is dropped without freeing a slot it did not hold; error answers give their slot back.
 *
 * What is observed: a timeline of when requests arrive at the host and are answered, and of the `beforeUserWrite`
 * hook, which runs inside each create's transaction and can hold the first Bulk request mid-way until the test
 * lets it go.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScimDirectory, type ScimDirectory } from '../../lib/directory.js';
import { testKnex } from '../support/database.js';
import { memoryLogger, SCIM_PREFIX, scimFetch } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

type Tenant = { tenantId: string; token: string; baseUrl: string };

let knex: Knex;
let directory: ScimDirectory;
let server: Server;
let tenant: Tenant;
/** `arrive <request id>`, `finish <request id>`, `close <request id>` and `hook <userName>`, in the order they happened. */
const timeline: string[] = [];
/** userName → what its create waits for inside its transaction. */
const holds = new Map<string, Promise<void>>();

/** Releases every hold, so a failed test leaves no transaction open. */
const releases: (() => void)[] = [];
/** Waits generously: the first requests of a file compile validators and open connections. */
const eventually = { timeout: 10_000, interval: 10 };

/** Holds the create of `userName` inside its transaction until the returned function is called. */
function holdCreateOf(userName: string): () => void {
  let release = (): void => undefined;
  holds.set(userName, new Promise<void>((resolve) => (release = resolve)));
  releases.push(release);
  return release;
}

function bulkBody(userNames: readonly string[]): unknown {
  return {
    schemas: [BULK_REQUEST],
    Operations: userNames.map((userName, i) => ({ method: 'POST', path: '/Users', bulkId: `op${i}`, data: { schemas: [USER], userName } })),
  };
}

const sendBulk = (requestId: string, userNames: readonly string[]) =>
  scimFetch(`${tenant.baseUrl}/Bulk`, tenant.token, { body: bulkBody(userNames), headers: { 'x-request-id': requestId } });

const createUser = (requestId: string, userName: string) =>
  scimFetch(`${tenant.baseUrl}/Users`, tenant.token, { body: { schemas: [USER], userName }, headers: { 'x-request-id': requestId } });

/** Entries of the timeline matching `prefix`. */
const entries = (prefix: string): string[] => timeline.filter((entry) => entry.startsWith(prefix));

async function usersNamed(suffix: string): Promise<{ userName: string; created: string }[]> {
  const filter = encodeURIComponent(`userName ew "${suffix}"`);
  const list = await scimFetch(`${tenant.baseUrl}/Users?filter=${filter}&count=100`, tenant.token);
  expect(list.status).toBe(200);
  return (list.body.Resources as { userName: string; meta: { created: string } }[]).map((u) => ({ userName: u.userName, created: u.meta.created }));
}

beforeAll(async () => {
  knex = testKnex();
  directory = createScimDirectory({
    knex,
    logger: memoryLogger(),
    bulkConcurrency: 1,
    hooks: {
      beforeUserWrite: async ({ resource }) => {
        const userName = String(resource.userName);
        timeline.push(`hook ${userName}`);
        await holds.get(userName);
      },
    },
  });
  const app = express();
  app.use(
    SCIM_PREFIX,
    (req, res, next) => {
      const id = req.get('x-request-id') ?? 'anonymous';
      timeline.push(`arrive ${id}`);
      res.on('finish', () => timeline.push(`finish ${id}`));
      res.on('close', () => timeline.push(`close ${id}`));
      next();
    },
    directory.scimRouter,
  );
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { tenant: created, credential } = await directory.tenants.create('Bulk concurrency');
  tenant = { tenantId: created.id, token: credential.token, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${SCIM_PREFIX}/${created.id}/v2` };
});

afterAll(async () => {
  for (const release of releases) release();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await directory.close();
  await knex.destroy();
});

describe('bulkConcurrency: 1', () => {
  it('processes a second Bulk request only after the first has been answered, and never holds up other requests', async () => {
    const release = holdCreateOf('a0@serial');
    const first = sendBulk('bulk-a', ['a0@serial', 'a1@serial', 'a2@serial']);
    await vi.waitFor(() => expect(entries('hook')).toContain('hook a0@serial'), eventually);
    const second = sendBulk('bulk-b', ['b0@serial', 'b1@serial', 'b2@serial']);
    await vi.waitFor(() => expect(timeline).toContain('arrive bulk-b'), eventually);

    // While the first holds the only slot and the second waits, everything that is not POST /Bulk is answered.
    expect((await createUser('user-c', 'c0@serial')).status).toBe(201);
    expect((await scimFetch(`${tenant.baseUrl}/Users?count=1`, tenant.token)).status).toBe(200);
    expect((await scimFetch(`${tenant.baseUrl}/Bulk`, tenant.token, { method: 'PUT', body: bulkBody(['x@serial']) })).status).toBe(405);
    // Unauthenticated Bulk requests are refused at once rather than queued.
    expect((await scimFetch(`${tenant.baseUrl}/Bulk`, 'wrong-token', { body: bulkBody(['x@serial']) })).status).toBe(401);
    expect(entries('hook b')).toEqual([]);
    expect(entries('finish bulk')).toEqual([]);

    release();
    const [a, b] = await Promise.all([first, second]);
    for (const [response, names] of [
      [a, ['a0@serial', 'a1@serial', 'a2@serial']],
      [b, ['b0@serial', 'b1@serial', 'b2@serial']],
    ] as const) {
      expect(response.status).toBe(200);
      expect(response.body.Operations.map((o: { bulkId: string; status: string }) => [o.bulkId, o.status])).toEqual(names.map((_, i) => [`op${i}`, '201']));
    }

    // Every create of the second happened after the first had been answered.
    const firstAnswered = timeline.indexOf('finish bulk-a');
    expect(firstAnswered).toBeGreaterThan(timeline.lastIndexOf('hook a2@serial'));
    expect(timeline.indexOf('hook b0@serial')).toBeGreaterThan(firstAnswered);
    expect(entries('hook')).toEqual(['hook a0@serial', 'hook c0@serial', 'hook a1@serial', 'hook a2@serial', 'hook b0@serial', 'hook b1@serial', 'hook b2@serial']);

    const stored = await usersNamed('@serial');
    expect(stored.map((u) => u.userName).sort()).toEqual(['a0@serial', 'a1@serial', 'a2@serial', 'b0@serial', 'b1@serial', 'b2@serial', 'c0@serial']);
    const createdOf = (prefix: string) => stored.filter((u) => u.userName.startsWith(prefix)).map((u) => Date.parse(u.created));
    expect(Math.min(...createdOf('b'))).toBeGreaterThanOrEqual(Math.max(...createdOf('a')));
  });

  it('drops a Bulk request whose client gives up while waiting, without freeing the slot it never held', async () => {
    const release = holdCreateOf('a0@abort');
    const first = sendBulk('abort-a', ['a0@abort', 'a1@abort']);
    await vi.waitFor(() => expect(entries('hook')).toContain('hook a0@abort'), eventually);

    const abort = new AbortController();
    const gaveUp = fetch(`${tenant.baseUrl}/Bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/scim+json', 'x-request-id': 'abort-b' },
      body: JSON.stringify(bulkBody(['b0@abort', 'b1@abort'])),
      signal: abort.signal,
    }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(timeline).toContain('arrive abort-b'), eventually);
    // A non-Bulk round trip, so the waiting request is past authentication and in the queue before it gives up.
    expect((await createUser('abort-c', 'c0@abort')).status).toBe(201);
    abort.abort();
    expect(await gaveUp).toBeInstanceOf(Error);
    await vi.waitFor(() => expect(timeline).toContain('close abort-b'), eventually);

    // The first still holds the only slot: a new Bulk request waits rather than starting in a slot freed by mistake.
    const third = sendBulk('abort-d', ['d0@abort']);
    await vi.waitFor(() => expect(timeline).toContain('arrive abort-d'), eventually);
    expect((await createUser('abort-e', 'e0@abort')).status).toBe(201);
    expect(entries('hook d0@abort')).toEqual([]);

    release();
    const [a, d] = await Promise.all([first, third]);
    expect([a.status, d.status]).toEqual([200, 200]);
    expect(d.body.Operations.map((o: { status: string }) => o.status)).toEqual(['201']);
    expect(timeline.indexOf('hook d0@abort')).toBeGreaterThan(timeline.indexOf('finish abort-a'));
    expect([...entries('hook b0@abort'), ...entries('hook b1@abort')]).toEqual([]);
    expect(entries('finish abort-b')).toEqual([]);
    expect((await usersNamed('@abort')).map((u) => u.userName).sort()).toEqual(['a0@abort', 'a1@abort', 'c0@abort', 'd0@abort', 'e0@abort']);

    // Nothing was left holding the slot.
    expect((await sendBulk('abort-f', ['f0@abort'])).status).toBe(200);
  });

  it('gives the slot back after 400 and 413 answers', async () => {
    const broken = await scimFetch(`${tenant.baseUrl}/Bulk`, tenant.token, { rawBody: '{"Operations": [' });
    expect(broken.status).toBe(400);
    const tooLarge = await scimFetch(`${tenant.baseUrl}/Bulk`, tenant.token, {
      body: { ...(bulkBody(['big@errors']) as object), padding: 'x'.repeat(1024 * 1024 + 1) },
    });
    expect(tooLarge.status).toBe(413);
    const notBulk = await scimFetch(`${tenant.baseUrl}/Bulk`, tenant.token, { body: { schemas: [BULK_REQUEST] } });
    expect(notBulk.status).toBe(400);
    const fine = await sendBulk('errors-ok', ['ok@errors']);
    expect(fine.status).toBe(200);
    expect(fine.body.Operations.map((o: { status: string }) => o.status)).toEqual(['201']);
  });
});
