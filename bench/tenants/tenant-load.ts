/**
 * The multi-tenant load: paced tenants, each sending at a fixed rate whatever the server's speed (open loop:
 * latency counts from when a request was due, so a slow server cannot hide queueing by slowing the senders), in an
 * identity provider's mix of creates, user PATCHes, group member additions and lookups; and a noisy tenant that
 * keeps a number of requests in flight, as fast as the server answers.
 */
import { performance } from 'node:perf_hooks';
import { createHttpClient, field, jsonBody, type HttpClient } from '../http-client.js';
import { benchUser, benchUserName } from '../user-fixtures.js';
import type { SeededTenant } from './seed-tenants.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A tenant ready to send: its client and a group to add members to. */
export interface TenantDriver {
  readonly tenant: SeededTenant;
  readonly client: HttpClient;
  readonly groupId: string;
}

/** Latencies (ms) and failures of a phase. */
export interface PhaseSamples {
  readonly latencies: number[];
  failures: number;
  firstFailure?: string;
}

/** Opens a client for a tenant and creates the group its member additions go to. */
export async function prepareTenant(tenant: SeededTenant, runId: string, maxSockets: number): Promise<TenantDriver> {
  const client = createHttpClient(tenant.scimUrl, { token: tenant.token, maxSockets });
  const response = await client.request('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `bench-${runId}` });
  const groupId = field(jsonBody(response), 'id');
  if (response.status !== 201 || typeof groupId !== 'string') throw new Error(`creating a group failed: ${response.status} ${response.body.slice(0, 200)}`);
  return { tenant, client, groupId };
}

/** Request number `n` of a tenant's mix: a create, a user PATCH, a member addition or a lookup, in turn. */
function send(driver: TenantDriver, n: number, label: string, runId: string, seededIds: readonly string[], users: number) {
  const seeded = seededIds[n % seededIds.length] as string;
  switch (n % 4) {
    case 0:
      return driver.client.request('POST', '/Users', benchUser(`${runId}-${label}`, n));
    case 1:
      return driver.client.request('PATCH', `/Users/${seeded}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: `Paced ${n}` }] });
    case 2:
      return driver.client.request('PATCH', `/Groups/${driver.groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: seeded }] }] });
    default:
      return driver.client.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${benchUserName(runId, n % users)}"`)}`);
  }
}

function note(samples: PhaseSamples, status: number, body: string): void {
  if (status >= 200 && status < 300) return;
  samples.failures++;
  samples.firstFailure ??= `${status} ${body.slice(0, 200)}`;
}

/** Sends `rate` requests per second for one tenant until `until` (performance.now() time). */
export async function pacedTenant(options: {
  driver: TenantDriver;
  label: string;
  rate: number;
  until: number;
  runId: string;
  seededIds: readonly string[];
  users: number;
  samples: PhaseSamples;
}): Promise<void> {
  const interval = 1000 / options.rate;
  const start = performance.now() + Math.random() * interval;
  const inflight = new Set<Promise<void>>();
  for (let n = 0; ; n++) {
    const due = start + n * interval;
    if (due >= options.until) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = send(options.driver, n, options.label, options.runId, options.seededIds, options.users).then(
      (response) => {
        options.samples.latencies.push(performance.now() - due);
        note(options.samples, response.status, response.body);
      },
      (error: unknown) => note(options.samples, 0, String(error)),
    );
    inflight.add(request);
    void request.finally(() => inflight.delete(request));
  }
  await Promise.all(inflight);
}

/** Keeps `concurrency` requests of the noisy tenant in flight until `stop()` is called; resolves to its samples. */
export function noisyTenant(driver: TenantDriver, concurrency: number, runId: string, seededIds: readonly string[], users: number) {
  const samples: PhaseSamples = { latencies: [], failures: 0 };
  let stopped = false;
  let counter = 0;
  const worker = async (): Promise<void> => {
    while (!stopped) {
      const n = counter++;
      const started = performance.now();
      try {
        const response = await send(driver, n, 'noisy', runId, seededIds, users);
        samples.latencies.push(performance.now() - started);
        note(samples, response.status, response.body);
      } catch (error) {
        note(samples, 0, String(error));
      }
    }
  };
  const workers = Array.from({ length: concurrency }, () => worker());
  return {
    async stop(): Promise<PhaseSamples> {
      stopped = true;
      await Promise.all(workers);
      return samples;
    },
  };
}
