/**
 * PUT /Users/<id> (RFC 7644 §3.5.1) with the full document and changed name/title, as Okta sends on every profile
 * change. Each request replaces a different user, so the figure is throughput, not lock contention.
 */
import { expectStatus, type LoadResult } from '../load-driver.js';
import { measure, type ScimBench } from '../scim-bench.js';
import { benchUser } from '../user-fixtures.js';

/** Replaces `total` users (cycling through the created ones). */
export async function replaceUsers(bench: ScimBench, total: number): Promise<LoadResult> {
  const users = [...bench.users];
  return measure(bench, {
    name: 'PUT /Users',
    total,
    warmup: bench.options.warmup,
    send: async (i) => {
      const user = users[i % users.length];
      if (!user) return { ok: false, status: 0, detail: 'no users to replace' };
      const document = { ...benchUser(bench.runId, user.index, 1 + Math.floor(i / users.length)), id: user.id };
      return expectStatus(await bench.client.request('PUT', `/Users/${user.id}`, document), 200);
    },
  });
}
