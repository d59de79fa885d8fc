/**
 * Draining an HTTP server on loopback (no database): a request in flight finishes with `Connection: close`, idle
 * keep-alive connections are closed, new connections are refused, and a request still running at the deadline is
 * cut off.
 */
import { Agent, createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { trackForDrain } from '../../../lib/server/graceful-shutdown.js';

function get(port: number, agent: Agent, path: string): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function startServer() {
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/hold') held.push(res);
    else res.end('ok');
  });
  const drain = trackForDrain(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, drain, held, port: (server.address() as AddressInfo).port };
}

describe('trackForDrain', () => {
  it('finishes in-flight requests with Connection: close, closes idle keep-alive connections, refuses new ones', async () => {
    const { drain, held, port } = await startServer();
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    expect(await get(port, agent, '/quick')).toEqual({ status: 200, connection: 'keep-alive' }); // now an idle connection
    const inFlight = get(port, agent, '/hold');
    await vi.waitFor(() => expect(held).toHaveLength(1));
    const drained = drain.drain(5000);
    held[0]!.end('done');
    expect(await inFlight).toEqual({ status: 200, connection: 'close' });
    expect(await drained).toEqual({ cutOff: 0 });
    await expect(get(port, new Agent(), '/quick')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    agent.destroy();
  });

  it('cuts off a request still running at the deadline', async () => {
    const { drain, held, port } = await startServer();
    const agent = new Agent({ keepAlive: true });
    const hanging = get(port, agent, '/hold').catch((error: unknown) => error);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    expect(await drain.drain(100)).toEqual({ cutOff: 1 });
    expect(await hanging).toMatchObject({ code: 'ECONNRESET' });
    agent.destroy();
  });
});
