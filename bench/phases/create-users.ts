/**
 * POST /Users (RFC 7644 §3.3), `concurrency` in flight: the users/s every IDP's initial import is limited by.
 * Created ids are appended to the bench's user list for the later phases.
 */
import { field, jsonBody } from '../http-client.js';
import type { LoadResult } from '../load-driver.js';
import { measure, type ScimBench } from '../scim-bench.js';
import { benchUser } from '../user-fixtures.js';

/** Creates `total` users (fixture indices from `firstIndex`), after `warmup` uncounted creates. */
export async function createUsers(bench: ScimBench, name: string, firstIndex: number, total: number, warmup = 0): Promise<LoadResult> {
  return measure(bench, {
    name,
    total,
    warmup,
    send: async (i) => {
      const index = firstIndex + i;
      const response = await bench.client.request('POST', '/Users', benchUser(bench.runId, index));
      if (response.status !== 201) return { ok: false, status: response.status, detail: `status ${response.status}: ${response.body.slice(0, 300)}` };
      const id = field(jsonBody(response), 'id');
      if (typeof id !== 'string') return { ok: false, status: response.status, detail: `201 without an id: ${response.body.slice(0, 300)}` };
      bench.users.push({ index, id });
      return { ok: true, status: 201 };
    },
  });
}
