/**
 * Draining the standalone server on SIGTERM/SIGINT. `server.close()` alone stops accepting but lets keep-alive
 * connections live on: a client that keeps sending on them is served for ever, and a supervisor's SIGKILL then
 * loses what was buffered (event log, last-used times). Draining:
 * - stops accepting new connections;
 * - lets requests in flight finish, their responses carrying `Connection: close`, so the client's next request goes
 *   to a new connection (another instance) instead of one about to close;
 * - closes idle keep-alive connections at once, and ones that turn idle as they do;
 * - past the deadline, closes every connection left, whatever it is doing.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** What a drain did. */
export interface DrainResult {
  /** Connections closed at the deadline with a request still in flight. */
  readonly cutOff: number;
}

/** A server's drain handle; see {@link trackForDrain}. */
export interface ServerDrain {
  /** Requests in flight now. */
  inFlight(): number;
  /** Drains the server (see the module comment); resolves when every connection is closed or at `deadlineMs`. */
  drain(deadlineMs: number): Promise<DrainResult>;
}

/**
 * Starts tracking `server`'s requests; call it before the server listens. While draining, every response that has
 * not sent its head gets `Connection: close`, and Node closes its connection once it has been sent.
 */
export function trackForDrain(server: Server): ServerDrain {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  const closeAfterResponse = (res: ServerResponse): void => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  // Before the app's own listener, so even a response written synchronously carries the header.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (draining) closeAfterResponse(res);
  });

  const drain = async (deadlineMs: number): Promise<DrainResult> => {
    draining = true;
    for (const res of inFlight) closeAfterResponse(res);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Node closes idle connections on close(); connections that finish a response without `Connection: close`
    // (the head was out before draining started) turn idle later, so idle ones are closed again as time goes on.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), Math.max(0, deadlineMs));
    });
    try {
      if ((await Promise.race([closed, deadline])) !== 'deadline') return { cutOff: 0 };
      const cutOff = inFlight.size;
      server.closeAllConnections();
      await closed;
      return { cutOff };
    } finally {
      clearInterval(sweep);
      clearTimeout(timer);
    }
  };

  return { inFlight: () => inFlight.size, drain };
}
