/**
 * The Bulk gate on a real loopback HTTP server (no database): bodies read before a request queues (408 for a client
 * too slow to send one), `concurrency` requests processed at once, the rest waiting per tenant and let in
 * round-robin, slots given back on every kind of answer and on a client giving up, waiting clients that give up
 * dropped, and 503 with `Retry-After` when the queue (or a tenant's share of it) is full.
 */
import express from 'express';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBulkGate, type BulkGate, type BulkGateLimits } from '../../../lib/http/bulk-gate.js';
import { scimErrorHandler } from '../../../lib/http/error-handler.js';
import type { ScimLogger } from '../../../lib/logger.js';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
/** Generous on a loaded machine; the interval keeps the tests quick. */
const eventually = { timeout: 5000, interval: 5 };
const silent: ScimLogger = { error() {}, warn() {}, info() {}, debug() {} };

interface Answer {
  readonly id: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

interface Harness {
  readonly gate: BulkGate;
  /** Ids of the requests whose handler ran, in the order it ran. */
  readonly started: string[];
  /** Ids of the requests whose answer the client received, in that order. */
  readonly answered: string[];
  /** Where the request "left-early" is: arrived, then at the gate once its client has gone. */
  readonly lateArrivals: string[];
  /** Sends `POST /Bulk` with `X-Request-Id: id`. */
  send(id: string, init?: { rawBody?: string; signal?: AbortSignal; tenant?: string }): Promise<Answer>;
  /** Sends the head and the first bytes of a body, then nothing more; resolves to the status once answered. */
  sendSlowly(id: string): Promise<{ status: number; connection: string | undefined }>;
  /** Lets a started handler answer 200, or fail with an unexpected error (500). */
  finish(id: string, outcome?: 'ok' | 'error'): void;
  close(): Promise<void>;
}

const open: Harness[] = [];

/** A host whose `/Bulk` handler waits until the test tells it to answer. */
async function startHarness(limits: Partial<BulkGateLimits> = {}): Promise<Harness> {
  const gate = createBulkGate(
    { concurrency: 1, maxWaiting: 64, retryAfterSeconds: 5, ...limits, maxWaitingPerTenant: limits.maxWaitingPerTenant ?? Math.max(1, limits.maxWaiting ?? 64) },
    { readBody: express.json({ limit: 200 }), tenantOf: (req) => req.get('x-tenant') ?? 'one' },
  );
  const started: string[] = [];
  const answered: string[] = [];
  const lateArrivals: string[] = [];
  const finishers = new Map<string, (outcome: 'ok' | 'error') => void>();
  const app = express();
  // Stands for authentication: a request with id "left-early" reaches the gate only after its client has gone.
  const slowAuth: express.RequestHandler = (req, res, next) => {
    if (req.get('x-request-id') !== 'left-early') return next();
    lateArrivals.push('arrived');
    res.once('close', () => {
      next();
      lateArrivals.push('at the gate');
    });
  };
  app.post('/Bulk', slowAuth, gate.admit, express.json({ limit: 200 }), (req, res, next) => {
    const id = String(req.get('x-request-id'));
    started.push(id);
    finishers.set(id, (outcome) => (outcome === 'error' ? next(new Error(`boom in ${id}`)) : res.status(200).json({ id })));
  });
  app.use(scimErrorHandler(silent));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const harness: Harness = {
    gate,
    started,
    answered,
    lateArrivals,
    async send(id, init = {}) {
      const response = await fetch(`${origin}/Bulk`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id, 'x-tenant': init.tenant ?? 'one' },
        body: init.rawBody ?? JSON.stringify({ id }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
      const text = await response.text();
      answered.push(id);
      return { id, status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
    sendSlowly(id) {
      return new Promise((resolve, reject) => {
        const req = httpRequest(`${origin}/Bulk`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': '100', 'x-request-id': id, 'x-tenant': 'slow' },
        });
        req.on('response', (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
        });
        req.on('error', reject);
        req.write('{"Operations": [');
      });
    },
    finish(id, outcome = 'ok') {
      const finisher = finishers.get(id);
      if (!finisher) throw new Error(`request ${id} has not started`);
      finisher(outcome);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  open.push(harness);
  return harness;
}

/** Sends requests one after the other, each only once the previous one is known to be queued or started. */
async function sendInOrder(h: Harness, ids: readonly string[]): Promise<Promise<Answer>[]> {
  const answers: Promise<Answer>[] = [];
  for (const id of ids) {
    const before = h.gate.waiting() + h.gate.processing();
    answers.push(h.send(id));
    await vi.waitFor(() => expect(h.gate.waiting() + h.gate.processing()).toBe(before + 1), eventually);
  }
  return answers;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

describe('createBulkGate', () => {
  it('processes `concurrency` requests at once and lets the waiting ones in in arrival order', async () => {
    const h = await startHarness({ concurrency: 2 });
    const answers = await sendInOrder(h, ['r1', 'r2', 'r3', 'r4', 'r5']);
    await vi.waitFor(() => expect(h.started).toHaveLength(2), eventually);
    expect([...h.started].sort()).toEqual(['r1', 'r2']);
    expect({ processing: h.gate.processing(), waiting: h.gate.waiting() }).toEqual({ processing: 2, waiting: 3 });

    h.finish('r2');
    await vi.waitFor(() => expect(h.started).toHaveLength(3), eventually);
    h.finish('r1');
    await vi.waitFor(() => expect(h.started).toHaveLength(4), eventually);
    expect(h.gate.waiting()).toBe(1);
    h.finish('r4');
    await vi.waitFor(() => expect(h.started).toHaveLength(5), eventually);
    h.finish('r3');
    h.finish('r5');

    expect(h.started.slice(2)).toEqual(['r3', 'r4', 'r5']);
    expect((await Promise.all(answers)).map((a) => [a.id, a.status])).toEqual(['r1', 'r2', 'r3', 'r4', 'r5'].map((id) => [id, 200]));
    expect({ processing: h.gate.processing(), waiting: h.gate.waiting() }).toEqual({ processing: 0, waiting: 0 });
  });

  it('reads a request body before it waits: a broken body is answered at once, without waiting for a slot', async () => {
    const h = await startHarness();
    const first = h.send('r1');
    await vi.waitFor(() => expect(h.started).toEqual(['r1']), eventually);
    const broken = await h.send('r2', { rawBody: '{"Operations": [' });
    expect(broken.status).toBe(400);
    expect({ processing: h.gate.processing(), waiting: h.gate.waiting(), reading: h.gate.reading() }).toEqual({ processing: 1, waiting: 0, reading: 0 });
    h.finish('r1');
    expect((await first).status).toBe(200);
    expect(h.answered).toEqual(['r2', 'r1']);
  });

  it('answers 408 with Connection: close to a client that does not send its body in time, holding no slot meanwhile', async () => {
    const h = await startHarness({ bodyTimeoutMs: 300 });
    const slow = h.sendSlowly('slow');
    await vi.waitFor(() => expect(h.gate.reading()).toBe(1), eventually);
    // Another request is processed and answered while the slow body is still being waited for.
    const fast = h.send('fast');
    await vi.waitFor(() => expect(h.started).toEqual(['fast']), eventually);
    h.finish('fast');
    expect((await fast).status).toBe(200);
    expect(await slow).toEqual({ status: 408, connection: 'close' });
    expect(h.started).toEqual(['fast']);
    expect({ processing: h.gate.processing(), waiting: h.gate.waiting(), reading: h.gate.reading() }).toEqual({ processing: 0, waiting: 0, reading: 0 });
  });

  it('lets tenants in round-robin: a tenant waiting behind another tenant\'s burst goes next', async () => {
    const h = await startHarness();
    const answers = await sendInOrder(h, ['a1', 'a2', 'a3']);
    const before = h.gate.waiting();
    const b1 = h.send('b1', { tenant: 'b' });
    await vi.waitFor(() => expect(h.gate.waiting()).toBe(before + 1), eventually);
    for (const id of ['a1', 'b1', 'a2', 'a3']) {
      await vi.waitFor(() => expect(h.started.at(-1)).toBe(id), eventually);
      h.finish(id);
    }
    expect((await Promise.all([...answers, b1])).map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(h.started).toEqual(['a1', 'b1', 'a2', 'a3']);
  });

  it('refuses a tenant past its share of the queue while another tenant still gets in', async () => {
    const h = await startHarness({ maxWaiting: 4, maxWaitingPerTenant: 2 });
    const queued = await sendInOrder(h, ['a1', 'a2', 'a3']);
    const refused = await h.send('a4');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ detail: expect.stringContaining('of this tenant') });
    const b1 = h.send('b1', { tenant: 'b' });
    await vi.waitFor(() => expect(h.gate.waiting()).toBe(3), eventually);
    for (const id of ['a1', 'b1', 'a2', 'a3']) {
      await vi.waitFor(() => expect(h.started.at(-1)).toBe(id), eventually);
      h.finish(id);
    }
    expect((await Promise.all([...queued, b1])).map((a) => a.status)).toEqual([200, 200, 200, 200]);
  });

  it('gives the slot back after 500, 400 and 413 answers, and lets the next waiting request in', async () => {
    const h = await startHarness();
    const [failing, queued] = await sendInOrder(h, ['r1', 'r2']);
    h.finish('r1', 'error');
    const failed = await failing!;
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ schemas: [ERROR], status: '500' });
    await vi.waitFor(() => expect(h.started).toEqual(['r1', 'r2']), eventually);
    h.finish('r2');
    expect((await queued!).status).toBe(200);
    expect(h.gate.processing()).toBe(0);

    expect((await h.send('bad-json', { rawBody: '{' })).status).toBe(400);
    expect(h.gate.processing()).toBe(0);
    expect((await h.send('too-large', { rawBody: JSON.stringify({ padding: 'x'.repeat(500) }) })).status).toBe(413);
    expect(h.gate.processing()).toBe(0);

    const last = h.send('r3');
    await vi.waitFor(() => expect(h.started).toEqual(['r1', 'r2', 'r3']), eventually);
    h.finish('r3');
    expect((await last).status).toBe(200);
    expect(h.gate.processing()).toBe(0);
  });

  it('gives the slot back when the client of a running request gives up, once', async () => {
    const h = await startHarness();
    const abort = new AbortController();
    const abandoned = h.send('r1', { signal: abort.signal }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(h.started).toEqual(['r1']), eventually);
    const [next] = await sendInOrder(h, ['r2']);
    abort.abort();
    await vi.waitFor(() => expect(h.started).toEqual(['r1', 'r2']), eventually);
    expect(await abandoned).toBeInstanceOf(Error);
    // The abandoned handler still answers (into a closed connection); that must not free r2's slot as well.
    h.finish('r1');
    expect({ processing: h.gate.processing(), waiting: h.gate.waiting() }).toEqual({ processing: 1, waiting: 0 });
    h.finish('r2');
    expect((await next!).status).toBe(200);
    expect(h.gate.processing()).toBe(0);
  });

  it('drops a waiting request whose client gives up, without taking or freeing a slot', async () => {
    const h = await startHarness();
    const [first] = await sendInOrder(h, ['r1']);
    const abort = new AbortController();
    const gaveUp = h.send('r2', { signal: abort.signal }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(h.gate.waiting()).toBe(1), eventually);
    const [third] = await sendInOrder(h, ['r3']);
    abort.abort();
    expect(await gaveUp).toBeInstanceOf(Error);
    await vi.waitFor(() => expect(h.gate.waiting()).toBe(1), eventually);
    expect(h.gate.processing()).toBe(1);

    h.finish('r1');
    await vi.waitFor(() => expect(h.started).toEqual(['r1', 'r3']), eventually);
    h.finish('r3');
    expect((await first!).status).toBe(200);
    expect((await third!).status).toBe(200);
    expect({ processing: h.gate.processing(), waiting: h.gate.waiting(), started: h.started }).toEqual({ processing: 0, waiting: 0, started: ['r1', 'r3'] });
  });

  it('does not process, nor take a slot for, a request whose client left before it reached the gate', async () => {
    const h = await startHarness();
    const abort = new AbortController();
    const gaveUp = h.send('left-early', { signal: abort.signal }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(h.lateArrivals).toEqual(['arrived']), eventually);
    abort.abort();
    expect(await gaveUp).toBeInstanceOf(Error);
    await vi.waitFor(() => expect(h.lateArrivals).toEqual(['arrived', 'at the gate']), eventually);
    expect({ processing: h.gate.processing(), waiting: h.gate.waiting() }).toEqual({ processing: 0, waiting: 0 });
    const next = h.send('r1');
    await vi.waitFor(() => expect(h.started).toEqual(['r1']), eventually);
    h.finish('r1');
    expect((await next).status).toBe(200);
    expect({ processing: h.gate.processing(), waiting: h.gate.waiting() }).toEqual({ processing: 0, waiting: 0 });
  });

  it('answers 503 with Retry-After and a SCIM error body when maxWaiting requests already wait', async () => {
    const h = await startHarness({ maxWaiting: 2, retryAfterSeconds: 7 });
    const queued = await sendInOrder(h, ['r1', 'r2', 'r3']);
    const refused = await h.send('r4');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.body).toMatchObject({ schemas: [ERROR], status: '503', detail: expect.stringContaining('2 are waiting') });
    expect({ processing: h.gate.processing(), waiting: h.gate.waiting() }).toEqual({ processing: 1, waiting: 2 });

    for (const id of ['r1', 'r2', 'r3']) {
      await vi.waitFor(() => expect(h.started).toContain(id), eventually);
      h.finish(id);
    }
    expect((await Promise.all(queued)).map((a) => a.status)).toEqual([200, 200, 200]);
    expect(h.started).toEqual(['r1', 'r2', 'r3']);
    expect(h.gate.processing()).toBe(0);
  });

  it('with maxWaiting 0 refuses every request beyond the running ones', async () => {
    const h = await startHarness({ concurrency: 1, maxWaiting: 0 });
    const [first] = await sendInOrder(h, ['r1']);
    expect((await h.send('r2')).status).toBe(503);
    h.finish('r1');
    expect((await first!).status).toBe(200);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses concurrency %s', (concurrency) => {
    expect(() => createBulkGate({ concurrency, maxWaiting: 1, retryAfterSeconds: 1 }, { readBody: express.json() })).toThrow(TypeError);
  });
});
