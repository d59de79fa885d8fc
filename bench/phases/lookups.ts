/**
 * `GET /Users?filter=userName eq "…"` (RFC 7644 §3.4.2.2): how IDPs check whether a user exists before creating it,
 * so the request an IDP sends most. Each lookup must find exactly one user.
 */
import { field, jsonBody } from '../http-client.js';
import type { LoadResult } from '../load-driver.js';
import { measure, type ScimBench } from '../scim-bench.js';
import { benchUserName } from '../user-fixtures.js';

/** Looks up `total` existing users by userName, spread over all created users. */
export async function lookupUsers(bench: ScimBench, total: number): Promise<LoadResult> {
  const users = [...bench.users];
  return measure(bench, {
    name: 'userName lookups',
    total,
    warmup: bench.options.warmup,
    send: async (i) => {
      // A large prime stride visits users in a scattered order, so the lookups do not walk the index in order.
      const user = users[(i * 7919) % users.length];
      if (!user) return { ok: false, status: 0, detail: 'no users to look up' };
      const filter = encodeURIComponent(`userName eq "${benchUserName(bench.runId, user.index)}"`);
      const response = await bench.client.request('GET', `/Users?filter=${filter}`);
      if (response.status !== 200) return { ok: false, status: response.status, detail: `status ${response.status}: ${response.body.slice(0, 300)}` };
      const total = field(jsonBody(response), 'totalResults');
      return total === 1 ? { ok: true, status: 200 } : { ok: false, status: 200, detail: `totalResults ${String(total)}, expected 1` };
    },
  });
}
