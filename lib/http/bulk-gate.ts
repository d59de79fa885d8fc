/**
 * A gate in front of `POST /Bulk`: the request body is read first, within a deadline, and only then does the request
 * queue for one of `concurrency` processing slots, which are handed out fairly between tenants.
 *
 * Why a gate: a Bulk request of 1000 operations holds many megabytes of heap while it runs and its work is CPU-bound,
 * so running many at once multiplies memory without adding throughput.
 *
 * Why the body first: a slot held while a client sends its body slowly would be held for as long as the client
 * likes. Bodies are read before the queue (`readBody`, the router's JSON parser), within `bodyTimeoutMs`; a client
 * slower than that is answered 408 Request Timeout and its connection closed. A broken or too-large body is answered
 * at once and never takes a slot. The price: a waiting request holds its parsed body, which is why the queue is short.
 *
 * Fairness: every tenant has its own queue; a freed slot goes to the next tenant in turn (round-robin) that has no
 * Bulk request running, and only when every waiting tenant already has one running, to the next tenant in turn. So
 * a tenant's burst of Bulk requests cannot keep another tenant's one request waiting behind all of it.
 *
 * Slots: a request takes a slot when it is let through and gives it back exactly once, when its response has been
 * sent (`finish`) or its connection closed (`close`: the client gave up, or an error path destroyed the socket). A
 * client that closes its connection while its body is read or while it waits is dropped and never processed. Caveat:
 * a request whose client gives up *during* processing frees its slot at once while its work runs to its end (its
 * further statements do not start, see store/statement-limits.ts).
 *
 * Queue bound: at most `concurrency + maxWaiting` requests are processed, read their body or wait, and at most
 * `maxWaitingPerTenant` of one tenant wait; one more is answered at once with 503 Service Unavailable, a SCIM error
 * body and `Retry-After` (RFC 9110 §15.6.4, §10.2.3), before its body is read. `Retry-After` is a fixed hint. The
 * gate is per router instance (its state lives in the closure of {@link createBulkGate}) and does not limit other
 * instances behind a load balancer.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ScimError } from '../scim/errors.js';

/** How many Bulk requests are processed and how many may wait. */
export interface BulkGateLimits {
  /** Requests processed at once; a positive integer. */
  readonly concurrency: number;
  /** Requests that may read their body or wait; one more is answered 503 at once. 0 means none waits. */
  readonly maxWaiting: number;
  /** Seconds in the 503 answer's `Retry-After`. */
  readonly retryAfterSeconds: number;
  /** Requests of one tenant that may read their body or wait (at least 1). Default: a quarter of `maxWaiting`. */
  readonly maxWaitingPerTenant?: number;
  /** How long a client has to send its whole body, in ms; past it, 408. Default {@link DEFAULT_BULK_BODY_TIMEOUT_MS}. */
  readonly bodyTimeoutMs?: number;
}

/** What the gate works with besides its limits. */
export interface BulkGateParts {
  /** Reads and parses the request body (the router's `express.json`); a later parser then sees it as read. */
  readonly readBody: RequestHandler;
  /** The tenant a request belongs to. Default: `req.params.tenantId`. */
  readonly tenantOf?: (req: Request, res: Response) => string;
}

/** The default time a client has to send a Bulk request's body: 30 seconds. */
export const DEFAULT_BULK_BODY_TIMEOUT_MS = 30_000;

/** The queue bound and retry hint the SCIM router uses. */
export const DEFAULT_BULK_QUEUE = Object.freeze({ maxWaiting: 32, maxWaitingPerTenant: 8, retryAfterSeconds: 5 });

/** A gate and what it holds right now. */
export interface BulkGate {
  /** Express middleware: reads the body, then lets the request through now, queues it, or answers 503 / 408. */
  readonly admit: (req: Request, res: Response, next: NextFunction) => void;
  /** Requests holding a slot now. */
  processing(): number;
  /** Requests whose body has been read, waiting for a slot now. */
  waiting(): number;
  /** Requests whose body is being read now. */
  reading(): number;
}

interface Waiter {
  readonly tenant: string;
  readonly res: Response;
  readonly next: NextFunction;
  readonly dropOnClose: () => void;
}

const defaultTenantOf = (req: Request): string => String((req.params as Record<string, unknown>).tenantId ?? '');

/** Creates a gate with its own slots and queues. */
export function createBulkGate(limits: BulkGateLimits, parts: BulkGateParts): BulkGate {
  if (!Number.isInteger(limits.concurrency) || limits.concurrency < 1) {
    throw new TypeError(`Bulk gate concurrency must be a positive integer; got ${limits.concurrency}.`);
  }
  // At least one, so a tenant's request that could go straight to a free slot is never refused for its share.
  const perTenant = Math.max(1, limits.maxWaitingPerTenant ?? Math.ceil(limits.maxWaiting / 4));
  const bodyTimeoutMs = limits.bodyTimeoutMs ?? DEFAULT_BULK_BODY_TIMEOUT_MS;
  const tenantOf = parts.tenantOf ?? defaultTenantOf;
  /** Tenants with waiting requests and their queues. */
  const queues = new Map<string, Waiter[]>();
  /** Per tenant with requests in the gate: when it last had a request let in (a rising count), for the turn order. */
  const lastStarted = new Map<string, number>();
  let turn = 0;
  /** Per tenant: requests running, plus reading or waiting ("held"). */
  const running = new Map<string, number>();
  const held = new Map<string, number>();
  let processing = 0;
  let waiting = 0;
  let reading = 0;

  const adjust = (counts: Map<string, number>, tenant: string, by: number): void => {
    const value = (counts.get(tenant) ?? 0) + by;
    if (value === 0) counts.delete(tenant);
    else counts.set(tenant, value);
  };

  /**
   * The next waiter in turn: among tenants with waiting requests, those without a running one first, and among
   * those the one let in least recently (round-robin).
   */
  const takeNext = (): Waiter | undefined => {
    let chosen: string | undefined;
    let chosenRank = Number.POSITIVE_INFINITY;
    for (const tenant of queues.keys()) {
      const rank = (running.has(tenant) ? turn + 1 : 0) + (lastStarted.get(tenant) ?? 0);
      if (rank < chosenRank) {
        chosen = tenant;
        chosenRank = rank;
      }
    }
    if (chosen === undefined) return undefined;
    const queue = queues.get(chosen) as Waiter[];
    const waiter = queue.shift() as Waiter;
    if (queue.length === 0) queues.delete(chosen);
    waiting -= 1;
    adjust(held, chosen, -1);
    return waiter;
  };

  /** Forgets a tenant's turn once it has nothing in the gate. */
  const forgetIfIdle = (tenant: string): void => {
    if (!held.has(tenant) && !running.has(tenant)) lastStarted.delete(tenant);
  };

  const letNextIn = (): void => {
    while (processing < limits.concurrency) {
      const waiter = takeNext();
      if (!waiter) return;
      waiter.res.off('close', waiter.dropOnClose);
      start(waiter.tenant, waiter.res, waiter.next);
    }
  };

  const start = (tenant: string, res: Response, next: NextFunction): void => {
    processing += 1;
    adjust(running, tenant, 1);
    lastStarted.set(tenant, ++turn);
    // Whichever comes first gives the slot back and unhooks the other, so the slot is given back once.
    const release = (): void => {
      res.off('finish', release);
      res.off('close', release);
      processing -= 1;
      adjust(running, tenant, -1);
      forgetIfIdle(tenant);
      letNextIn();
    };
    res.on('finish', release);
    res.on('close', release);
    next();
  };

  const enqueue = (tenant: string, res: Response, next: NextFunction): void => {
    if (processing < limits.concurrency && waiting === 0) {
      adjust(held, tenant, -1);
      start(tenant, res, next);
      return;
    }
    const waiter: Waiter = {
      tenant,
      res,
      next,
      dropOnClose: () => {
        const queue = queues.get(tenant);
        const index = queue ? queue.indexOf(waiter) : -1;
        if (!queue || index < 0) return;
        queue.splice(index, 1);
        if (queue.length === 0) queues.delete(tenant);
        waiting -= 1;
        adjust(held, tenant, -1);
        forgetIfIdle(tenant);
      },
    };
    res.on('close', waiter.dropOnClose);
    const queue = queues.get(tenant);
    if (queue) queue.push(waiter);
    else queues.set(tenant, [waiter]);
    waiting += 1;
  };

  const refuse = (tenant: string, next: NextFunction, res: Response): void => {
    res.setHeader('Retry-After', String(limits.retryAfterSeconds));
    const tenantHeld = held.get(tenant) ?? 0;
    const detail =
      tenantHeld >= perTenant
        ? `Too many Bulk requests of this tenant: ${tenantHeld} are waiting, the most this server queues for one tenant.`
        : `Too many Bulk requests: ${processing} are being processed and ${waiting + reading} are waiting, the most this server queues.`;
    next(new ScimError(503, `${detail} Retry after ${limits.retryAfterSeconds} seconds.`));
  };

  const admit = (req: Request, res: Response, next: NextFunction): void => {
    // A client that left before reaching the gate (during authentication) would never emit `close` again: nobody
    // waits for its answer, so it is not processed at all.
    if (res.closed) return;
    const tenant = tenantOf(req, res);
    // Refused before its body is read. Requests reading their body count as waiting: they may all end up waiting.
    if (processing + reading + waiting >= limits.concurrency + limits.maxWaiting || (held.get(tenant) ?? 0) >= perTenant) {
      refuse(tenant, next, res);
      return;
    }
    reading += 1;
    adjust(held, tenant, 1);
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      reading -= 1;
      clearTimeout(timer);
      res.off('close', onClose);
      return true;
    };
    const onClose = (): void => {
      if (!settle()) return;
      adjust(held, tenant, -1);
      forgetIfIdle(tenant);
    };
    const timer = setTimeout(() => {
      if (!settle()) return;
      adjust(held, tenant, -1);
      forgetIfIdle(tenant);
      // The rest of the body is not wanted: the connection closes once the answer is out.
      res.setHeader('Connection', 'close');
      next(new ScimError(408, `The request body was not received within ${bodyTimeoutMs / 1000} seconds; the whole Bulk request must arrive within that time.`));
    }, bodyTimeoutMs);
    res.on('close', onClose);
    parts.readBody(req, res, (error?: unknown) => {
      if (!settle()) return;
      if (error !== undefined || res.closed) {
        adjust(held, tenant, -1);
        forgetIfIdle(tenant);
        if (error !== undefined) next(error);
        return;
      }
      enqueue(tenant, res, next);
    });
  };

  return { admit, processing: () => processing, waiting: () => waiting, reading: () => reading };
}
