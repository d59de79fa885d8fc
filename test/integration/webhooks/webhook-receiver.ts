/**
 * A webhook receiver for tests: a node:http server on 127.0.0.1 that records every request (headers and raw body)
 * and answers as the test's `answer` function says: a status code at once, a status code after a wait (a slow
 * receiver), or never (a receiver that times out).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as received. */
export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body parsed. */
  readonly json: { type: string; timestamp: string; data: Record<string, unknown> };
  /** What the receiver answered: a status, or `hang`. */
  readonly answered: number | 'hang';
}

/** How to answer one request: a status now, `{ status, afterMs }` later, or `hang` (never). */
export type Answer = number | { readonly status: number; readonly afterMs: number } | 'hang';

/** A running receiver. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook` */
  readonly url: string;
  /** `127.0.0.1:<port>`, as `webhooks.httpAllowedHosts` names it. */
  readonly host: string;
  readonly received: ReceivedWebhook[];
  /** Decides each answer; default 204 for every request. */
  answer: (request: Omit<ReceivedWebhook, 'answered'>) => Answer;
  close(): Promise<void>;
}

/** Starts a receiver on a random loopback port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hanging = new Set<ServerResponse>();
  const receiver = {
    received: [] as ReceivedWebhook[],
    answer: (() => 204) as WebhookReceiver['answer'],
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const request = { headers: req.headers, body, json: JSON.parse(body) as ReceivedWebhook['json'] };
      const answer = receiver.answer(request);
      receiver.received.push({ ...request, answered: typeof answer === 'object' ? answer.status : answer });
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      const send = (status: number): void => {
        res.statusCode = status;
        res.end();
      };
      if (typeof answer === 'number') send(answer);
      else setTimeout(() => send(answer.status), answer.afterMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hook`,
    host: `127.0.0.1:${port}`,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
