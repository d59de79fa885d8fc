/**
 * Watches the server's database pool during a load through its `GET /metrics` (`scim_db_pool_connections`): the
 * most connections in use and the most requests waiting for one, sampled twice a second. It shows whether the
 * pool, which the fair queue shares between tenants, was the contended resource.
 */
import { createHttpClient } from '../http-client.js';

/** The largest values seen. */
export interface PoolFigures {
  readonly maxUsed: number | undefined;
  readonly maxPending: number | undefined;
}

/** Reads one `scim_db_pool_connections{state="…"}` value from Prometheus text. */
export function poolGauge(text: string, state: string): number | undefined {
  const match = new RegExp(`^scim_db_pool_connections\\{state="${state}"\\} (\\d+(?:\\.\\d+)?)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Starts sampling `origin/metrics`; `stop()` resolves to the maxima. */
export function startPoolSampler(origin: string, intervalMs = 500) {
  const client = createHttpClient(origin, { maxSockets: 1, timeoutMs: 5000 });
  let maxUsed: number | undefined;
  let maxPending: number | undefined;
  let busy: Promise<void> = Promise.resolve();
  const sample = async (): Promise<void> => {
    try {
      const response = await client.request('GET', '/metrics');
      const used = poolGauge(response.body, 'used');
      const pending = poolGauge(response.body, 'pending');
      if (used !== undefined) maxUsed = Math.max(maxUsed ?? 0, used);
      if (pending !== undefined) maxPending = Math.max(maxPending ?? 0, pending);
    } catch {
      // A missed sample leaves the maxima as they were.
    }
  };
  const timer = setInterval(() => {
    busy = busy.then(sample);
  }, intervalMs);
  return {
    async stop(): Promise<PoolFigures> {
      clearInterval(timer);
      await busy;
      client.close();
      return { maxUsed, maxPending };
    },
  };
}
