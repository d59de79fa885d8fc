/**
 * The tenant-fairness middleware in an Express app with two tenants: a noisy tenant's burst waits behind its own
 * share while the quiet tenant's request runs, a full queue is answered 429 with a SCIM error, and a client that
 * gives up while queued gives its place back. Handlers hold their slot until the test lets them finish.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tenantFairness, type TenantFairnessOptions } from '../../lib/http/tenant-fairness.js';

interface App {
  readonly entered: string[];
  /** Requests that reached the server, queued or not, and those whose connection the server saw close. */
  readonly arrived: string[];
  readonly closed: string[];
  finish(label: string): void;
  get(tenant: string, label: string, signal?: AbortSignal): Promise<Response>;
  close(): Promise<void>;
}

async function startApp(options: TenantFairnessOptions): Promise<App> {
  const entered: string[] = [];
  const arrived: string[] = [];
  const closed: string[] = [];
  const waiting = new Map<string, () => void>();
  const app = express();
  app.use((req, res, next) => {
    arrived.push(String(req.query.label));
    res.once('close', () => closed.push(String(req.query.label)));
    next();
  });
  // Mounted as the SCIM router mounts its tenant router: at /:tenantId/v2 with merged params.
  const tenantRouter = express.Router({ mergeParams: true });
  tenantRouter.use(tenantFairness(options));
  app.use('/scim/:tenantId/v2', tenantRouter);
  tenantRouter.get('/Users', async (req, res) => {
    const label = String(req.query.label);
    entered.push(label);
    await new Promise<void>((resolve) => waiting.set(label, resolve));
    res.json({ label });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    entered,
    arrived,
    closed,
    finish: (label) => waiting.get(label)?.(),
    get: (tenant, label, signal) => fetch(`${origin}/scim/${tenant}/v2/Users?label=${label}`, signal ? { signal } : {}),
    async close() {
      for (const resolve of waiting.values()) resolve();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('tenant fairness middleware', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("runs the quiet tenant's request while the noisy tenant's burst waits behind its share", async () => {
    app = await startApp({ slots: 2, perTenant: 1 });
    const noisy = [1, 2, 3].map((i) => app!.get('noisy', `noisy${i}`));
    await vi.waitFor(() => expect(app!.entered).toEqual(['noisy1']));
    const quiet = app.get('quiet', 'quiet1');
    await vi.waitFor(() => expect(app!.entered).toEqual(['noisy1', 'quiet1']));
    app.finish('quiet1');
    expect((await quiet).status).toBe(200);
    expect(app.entered).toEqual(['noisy1', 'quiet1']); // the freed slot is not the noisy tenant's to take
    app.finish('noisy1');
    await vi.waitFor(() => expect(app!.entered).toEqual(['noisy1', 'quiet1', 'noisy2']));
    app.finish('noisy2');
    await vi.waitFor(() => expect(app!.entered).toHaveLength(4));
    app.finish('noisy3');
    expect((await Promise.all(noisy)).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('answers 429 with a SCIM error and Retry-After when a tenant has too many requests waiting', async () => {
    app = await startApp({ slots: 1, maxQueuedPerTenant: 1 });
    const first = app.get('noisy', 'noisy1');
    await vi.waitFor(() => expect(app!.entered).toEqual(['noisy1']));
    const second = app.get('noisy', 'noisy2');
    const refused = await vi.waitFor(async () => {
      const response = await app!.get('noisy', 'noisy3');
      expect(response.status).toBe(429);
      return response;
    });
    expect(refused.headers.get('content-type')).toContain('application/scim+json');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ status: '429', detail: expect.stringContaining('"noisy"') });
    app.finish('noisy1');
    await vi.waitFor(() => expect(app!.entered).toEqual(['noisy1', 'noisy2']));
    app.finish('noisy2');
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
  });

  it('gives the place of a client that disconnected while queued to the next request', async () => {
    app = await startApp({ slots: 1 });
    const first = app.get('a', 'a1');
    await vi.waitFor(() => expect(app!.entered).toEqual(['a1']));
    const abort = new AbortController();
    const gone = app.get('b', 'b1', abort.signal).catch((error: unknown) => error);
    const third = app.get('c', 'c1');
    await vi.waitFor(() => expect([...app!.arrived].sort()).toEqual(['a1', 'b1', 'c1']));
    abort.abort();
    await gone;
    await vi.waitFor(() => expect(app!.closed).toContain('b1'));
    app.finish('a1');
    await vi.waitFor(() => expect(app!.entered).toEqual(['a1', 'c1']));
    app.finish('c1');
    expect([(await first).status, (await third).status]).toEqual([200, 200]);
  });

  it('rejects limits that are not positive integers', () => {
    expect(() => tenantFairness({ slots: 0 })).toThrow(/slots must be a positive integer/);
    expect(() => tenantFairness({ slots: 2, perTenant: 1.5 })).toThrow(/perTenant/);
  });
});
