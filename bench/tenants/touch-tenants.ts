/**
 * Sends requests to tenants so the server has seen them: for each tenant a userName lookup and a PATCH of one
 * seeded user, the read and the write path with everything a server keeps per tenant on the way (credential
 * check, rate-limit bucket, fair-queue entry, metrics, event log). RSS is read between steps of tenants touched.
 */
import { createHttpClient } from '../http-client.js';
import { benchUserName } from '../user-fixtures.js';
import { requestRespectingLimits, type RetryCount } from './retry-after.js';
import type { SeededTenant } from './seed-tenants.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The numbers of tenants after which RSS is read: 10, 100, 1 000, … below `count`, and `count`. */
export function tenantSteps(count: number): number[] {
  const steps: number[] = [];
  for (let step = 10; step < count; step *= 10) steps.push(step);
  steps.push(count);
  return steps;
}

/**
 * Touches each of `tenants` `rounds` times, 8 tenants at a time; throws on an answer other than 2xx. Resolves to
 * the number of requests sent again after a 429 (a tenant just seeded may still pay for its Bulk operations).
 */
export async function touchTenants(tenants: readonly SeededTenant[], options: { runId: string; rounds: number }): Promise<number> {
  const count: RetryCount = { retries: 0 };
  let next = 0;
  const lookup = `/Users?filter=${encodeURIComponent(`userName eq "${benchUserName(options.runId, 0)}"`)}`;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < tenants.length; i = next++) {
      const tenant = tenants[i] as SeededTenant;
      const client = createHttpClient(tenant.scimUrl, { token: tenant.token, maxSockets: 1 });
      try {
        for (let round = 0; round < options.rounds; round++) {
          const patch = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: `Touched ${round}` }] };
          for (const response of [
            await requestRespectingLimits(client, count, 'GET', lookup),
            await requestRespectingLimits(client, count, 'PATCH', `/Users/${tenant.userIds[0] ?? ''}`, patch),
          ]) {
            if (response.status >= 300) throw new Error(`touching tenant ${tenant.id} failed: ${response.status} ${response.body.slice(0, 200)}`);
          }
        }
      } finally {
        client.close();
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return count.retries;
}
