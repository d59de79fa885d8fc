/**
 * The multi-tenant load. Paced tenants send on a timetable whatever the server's speed (open loop): one timer loop
 * fires every tenant's requests when they are due, and latency counts from when a request was due, not from when
 * it was sent, so a slow server or a late load generator cannot hide queueing (no coordinated omission). The noisy
 * tenant keeps a fixed number of requests in flight and sends the next as soon as one is answered (closed loop).
 */
import { performance } from 'node:perf_hooks';
import { createHttpClient, field, jsonBody, type HttpClient, type HttpResponse } from '../http-client.js';
import { createRequestPlan, type PlannedRequest, type RequestKind } from './request-mix.js';
import type { SeededTenant } from './seed-tenants.js';

/** A tenant ready to send: its keep-alive client, the group its member additions go to, and its request plan. */
export interface TenantDriver {
  readonly tenant: SeededTenant;
  readonly client: HttpClient;
  readonly groupId: string;
  readonly plan: (n: number, tag: string) => PlannedRequest;
}

/** What one load (the paced tenants of a phase, or the noisy tenant) saw. */
export interface Tally {
  /** Latency (ms) of every answered request. */
  readonly latencies: number[];
  readonly byKind: Record<RequestKind, number[]>;
  /** Answered requests by status. */
  readonly statuses: Record<string, number>;
  /** 429s of the per-tenant rate limit, and of the fair queue (too many of the tenant's requests waiting). */
  rateLimited: number;
  queueFull: number;
  /** Requests without an answer (connection errors, timeouts). */
  errors: number;
  firstFailure?: string;
  /** How late (ms) the generator sent paced requests after they were due: it must stay small for the figures to hold. */
  readonly sendLag: number[];
}

/** An empty tally. */
export function newTally(): Tally {
  return { latencies: [], byKind: { lookup: [], create: [], patchUser: [], addMember: [] }, statuses: {}, rateLimited: 0, queueFull: 0, errors: 0, sendLag: [] };
}

function record(tally: Tally, kind: RequestKind, latency: number, response: HttpResponse): void {
  tally.latencies.push(latency);
  tally.byKind[kind].push(latency);
  tally.statuses[response.status] = (tally.statuses[response.status] ?? 0) + 1;
  if (response.status === 429) {
    if (response.body.includes('Rate limit')) tally.rateLimited++;
    else tally.queueFull++;
  } else if (response.status >= 300) tally.firstFailure ??= `${response.status} ${response.body.slice(0, 200)}`;
}

function failed(tally: Tally, error: unknown): void {
  tally.errors++;
  tally.firstFailure ??= String(error);
}

/** Opens a keep-alive client for a tenant and creates the group its member additions go to. */
export async function prepareTenant(tenant: SeededTenant, options: { runId: string; seededUsers: number; maxSockets: number }): Promise<TenantDriver> {
  const client = createHttpClient(tenant.scimUrl, { token: tenant.token, maxSockets: options.maxSockets });
  const response = await client.request('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `bench-${options.runId}` });
  const groupId = field(jsonBody(response), 'id');
  if (response.status !== 201 || typeof groupId !== 'string') throw new Error(`creating a group failed: ${response.status} ${response.body.slice(0, 200)}`);
  return { tenant, client, groupId, plan: createRequestPlan({ runId: options.runId, seededUsers: options.seededUsers, userIds: tenant.userIds, groupId }) };
}

/** Sends each paced tenant's requests at `rate` per second for `seconds`, tenants' timetables evenly staggered. */
export async function pacedLoad(drivers: readonly TenantDriver[], options: { rate: number; seconds: number; tag: string; tally: Tally }): Promise<void> {
  const { tally, tag } = options;
  const interval = 1000 / options.rate;
  const start = performance.now() + 50;
  const until = start + options.seconds * 1000;
  const due = drivers.map((_, i) => start + (i / drivers.length) * interval);
  const sent = drivers.map(() => 0);
  let pending = 0;
  let drained: (() => void) | undefined;
  const fire = (driver: TenantDriver, n: number, at: number): void => {
    const request = driver.plan(n, tag);
    tally.sendLag.push(performance.now() - at);
    pending++;
    driver.client.request(request.method, request.path, request.body).then(
      (response) => record(tally, request.kind, performance.now() - at, response),
      (error: unknown) => failed(tally, error),
    ).finally(() => {
      if (--pending === 0) drained?.();
    });
  };
  for (;;) {
    const now = performance.now();
    let soonest = Infinity;
    for (let i = 0; i < drivers.length; i++) {
      let at = due[i] as number;
      while (at <= now && at < until) {
        fire(drivers[i] as TenantDriver, sent[i]!++, at);
        at += interval;
      }
      due[i] = at;
      if (at < until && at < soonest) soonest = at;
    }
    if (soonest === Infinity) break;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, soonest - performance.now())));
  }
  if (pending > 0) await new Promise<void>((resolve) => (drained = resolve));
}

/** Keeps `concurrency` requests of the noisy tenant in flight until `stop()` is called. */
export function noisyLoad(driver: TenantDriver, options: { concurrency: number; tag: string; tally: Tally }) {
  const { tally, tag } = options;
  let stopped = false;
  let counter = 0;
  const worker = async (): Promise<void> => {
    while (!stopped) {
      const request = driver.plan(counter++, tag);
      const started = performance.now();
      try {
        const response = await driver.client.request(request.method, request.path, request.body);
        record(tally, request.kind, performance.now() - started, response);
      } catch (error) {
        failed(tally, error);
      }
    }
  };
  const workers = Array.from({ length: options.concurrency }, () => worker());
  return {
    async stop(): Promise<void> {
      stopped = true;
      await Promise.all(workers);
    },
  };
}
