/**
 * A gate in front of `POST /Bulk`: at most `concurrency` Bulk requests are processed at once, the others wait in
 * arrival order (FIFO) *before their body is read*.
 *
 * Why: a large Bulk request holds its parsed body, documents, rows, results and response in memory while it runs,
 * and the work is CPU-bound, so processing many at once multiplies memory without adding throughput. A waiting
 * request holds only the part of its body Node has already taken off the socket: the HTTP parser stops reading a
 * connection once the unread request stream is past its high-water mark, and the rest stays in the kernel's socket
 * buffers and the client.
 *
 * Slots: a request takes a slot when it is let through and gives it back exactly once, when its response has been
 * sent (`finish`) or its connection closed (`close`: the client gave up, or an error path destroyed the socket).
 * Every answer goes through one of the two, so 400, 413 and 500 answers release their slot as well. A client that
 * closes its connection while waiting is taken out of the queue and never processed. Caveat: a request whose client
 * gives up *during* processing frees its slot at once while its transaction still runs to its end, so clients that
 * abort and resend can briefly have more than `concurrency` Bulk requests running.
 *
 * Queue bound (decision): at most `maxWaiting` requests wait ({@link DEFAULT_BULK_QUEUE}); one more is answered at
 * once with 503 Service Unavailable, a SCIM error body and `Retry-After` (RFC 9110 §15.6.4, §10.2.3). Waiting costs
 * little memory, so the bound is not there to save memory but to refuse a flood early instead of letting it sit in
 * the queue until clients or Node's `requestTimeout` give up (which counts for a waiting request, whose body is not
 * read). `Retry-After` is a fixed hint: a retried request joins the end of the queue anyway.
 *
 * The gate is per router instance (its state lives in the closure of {@link createBulkGate}) and shared by all
 * tenants of that instance; FIFO keeps it fair per request. It does not limit other instances behind a load balancer.
 */
import type { NextFunction, Request, Response } from 'express';
import { ScimError } from '../scim/errors.js';

/** How many Bulk requests are processed and how many may wait. */
export interface BulkGateLimits {
  /** Requests processed at once; a positive integer. */
  readonly concurrency: number;
  /** Requests that may wait; one more is answered 503 at once. 0 means none waits. */
  readonly maxWaiting: number;
  /** Seconds in the 503 answer's `Retry-After`. */
  readonly retryAfterSeconds: number;
}

/** The queue bound and retry hint the SCIM router uses. */
export const DEFAULT_BULK_QUEUE = Object.freeze({ maxWaiting: 64, retryAfterSeconds: 5 });

/** A gate and what it holds right now. */
export interface BulkGate {
  /** Express middleware: lets the request through now, queues it, or answers 503 when the queue is full. */
  readonly admit: (req: Request, res: Response, next: NextFunction) => void;
  /** Requests holding a slot now. */
  processing(): number;
  /** Requests queued now. */
  waiting(): number;
}

interface Waiter {
  readonly res: Response;
  readonly next: NextFunction;
  readonly dropOnClose: () => void;
}

/** Creates a gate with its own slots and queue. */
export function createBulkGate(limits: BulkGateLimits): BulkGate {
  if (!Number.isInteger(limits.concurrency) || limits.concurrency < 1) {
    throw new TypeError(`Bulk gate concurrency must be a positive integer; got ${limits.concurrency}.`);
  }
  let processing = 0;
  const queue: Waiter[] = [];

  const letNextIn = (): void => {
    while (processing < limits.concurrency && queue.length > 0) {
      const waiter = queue.shift() as Waiter;
      waiter.res.off('close', waiter.dropOnClose);
      start(waiter.res, waiter.next);
    }
  };

  const start = (res: Response, next: NextFunction): void => {
    processing += 1;
    // Whichever comes first gives the slot back and unhooks the other, so the slot is given back once.
    const release = (): void => {
      res.off('finish', release);
      res.off('close', release);
      processing -= 1;
      letNextIn();
    };
    res.on('finish', release);
    res.on('close', release);
    next();
  };

  const admit = (_req: Request, res: Response, next: NextFunction): void => {
    // A client that left before reaching the gate (during authentication) would never emit `close` again: a slot
    // taken for it would never be given back. Nobody waits for its answer, so it is not processed at all.
    if (res.closed) return;
    if (processing < limits.concurrency && queue.length === 0) {
      start(res, next);
      return;
    }
    if (queue.length >= limits.maxWaiting) {
      res.setHeader('Retry-After', String(limits.retryAfterSeconds));
      const detail =
        `Too many Bulk requests: ${processing} are being processed and ${queue.length} are waiting, the most this ` +
        `server queues. Retry after ${limits.retryAfterSeconds} seconds.`;
      next(new ScimError(503, detail));
      return;
    }
    const waiter: Waiter = {
      res,
      next,
      dropOnClose: () => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
      },
    };
    res.on('close', waiter.dropOnClose);
    queue.push(waiter);
  };

  return { admit, processing: () => processing, waiting: () => queue.length };
}
