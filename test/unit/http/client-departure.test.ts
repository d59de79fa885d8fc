/**
 * The client departure of a response, on a loopback HTTP server: gone (and told once) when the client closes its
 * connection before the answer; never gone for a response that was sent, and a listener that stopped is not told.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { clientDeparture } from '../../../lib/http/client-departure.js';
import type { ClientDeparture } from '../../../lib/store/cancellable-search.js';

let server: http.Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server whose handler hands the departure and the response to the test, and the server's URL. */
async function serve(): Promise<{ url: string; next: Promise<{ departure: ClientDeparture; res: http.ServerResponse }> }> {
  let handed: (value: { departure: ClientDeparture; res: http.ServerResponse }) => void = () => undefined;
  const next = new Promise<{ departure: ClientDeparture; res: http.ServerResponse }>((resolve) => (handed = resolve));
  server = http.createServer((_req, res) => handed({ departure: clientDeparture(res as unknown as Response), res }));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, next };
}

describe('clientDeparture', () => {
  it('is gone, and tells its listener once, when the client closes the connection before the answer', async () => {
    const { url, next } = await serve();
    const request = http.get(url);
    request.on('error', () => undefined);
    const { departure } = await next;
    expect(departure.gone).toBe(false);
    let told = 0;
    const gone = new Promise<void>((resolve) =>
      departure.whenGone(() => {
        told += 1;
        resolve();
      }),
    );
    request.destroy();
    await gone;
    expect(departure.gone).toBe(true);
    expect(told).toBe(1);
  });

  it('is never gone for a response that was sent, and a stopped listener is not told', async () => {
    const { url, next } = await serve();
    const answered = new Promise<number>((resolve) => http.get(url, (response) => (response.resume(), response.on('end', () => resolve(response.statusCode ?? 0)))));
    const { departure, res } = await next;
    let told = 0;
    departure.whenGone(() => (told += 1));
    const stop = departure.whenGone(() => (told += 100));
    stop();
    const closed = new Promise((resolve) => res.once('close', resolve));
    res.end('ok');
    expect(await answered).toBe(200);
    await closed;
    expect(departure.gone).toBe(false);
    expect(told).toBe(0);
  });
});
