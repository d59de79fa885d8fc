/**
 * createExpressHttpServer: requests and responses are constructed with the app's prototypes (so Express's
 * per-request `setPrototypeOf` changes nothing), and the app behaves as under `app.listen`.
 */
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressHttpServer } from '../../../lib/server/express-http-server.js';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function testApp(): Express {
  const app = express();
  app.use(express.json());
  app.get('/hello', (req, res) => {
    res.set('X-App', String(req.app === app)).json({ query: req.query, host: req.get('host') !== undefined });
  });
  app.post('/echo', (req, res) => {
    res.status(201).json(req.body);
  });
  return app;
}

/** Listens and records, per request, the prototypes the objects had before Express ran. */
async function listen(server: Server): Promise<{ url: string; seen: { request: object | null; response: object | null }[] }> {
  const seen: { request: object | null; response: object | null }[] = [];
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ request: Object.getPrototypeOf(req) as object | null, response: Object.getPrototypeOf(res) as object | null });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('createExpressHttpServer', () => {
  it('constructs requests and responses with the app prototypes', async () => {
    const app = testApp();
    const { url, seen } = await listen(createExpressHttpServer(app));
    const reply = await fetch(`${url}/hello?a=1`);
    expect(reply.status).toBe(200);
    const { request, response } = app as unknown as { request: object; response: object };
    expect(seen).toEqual([{ request, response }]);
  });

  it('differs from http.createServer(app), whose objects Express re-prototypes per request', async () => {
    const app = testApp();
    const { url, seen } = await listen(createServer(app));
    await fetch(`${url}/hello`);
    expect(seen).toEqual([{ request: IncomingMessage.prototype, response: ServerResponse.prototype }]);
  });

  it('serves the app as app.listen would: routing, query, headers, JSON bodies, 404s, keep-alive', async () => {
    const { url } = await listen(createExpressHttpServer(testApp()));
    const hello = await fetch(`${url}/hello?a=1&b=two`);
    expect(hello.headers.get('x-app')).toBe('true');
    expect(await hello.json()).toEqual({ query: { a: '1', b: 'two' }, host: true });
    const echo = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":[1,2]}' });
    expect(echo.status).toBe(201);
    expect(await echo.json()).toEqual({ x: [1, 2] });
    const missing = await fetch(`${url}/nothing`);
    expect(missing.status).toBe(404);
    await missing.text();
    // Several requests in a row on one kept-alive connection each get their own objects.
    const replies = await Promise.all([1, 2, 3].map((n) => fetch(`${url}/hello?n=${n}`).then((r) => r.json() as Promise<{ query: { n: string } }>)));
    expect(replies.map((r) => r.query.n)).toEqual(['1', '2', '3']);
  });
});
