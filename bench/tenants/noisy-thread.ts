/**
 * Runs the noisy tenant in a worker thread (noisy-worker.ts) and collects its tally when stopped. The thread shares
 * the process's CPUs, so the load generator's CPU figure still counts it.
 */
import { Worker } from 'node:worker_threads';
import type { SeededTenant } from './seed-tenants.js';
import type { Tally } from './tenant-load.js';

/** What the worker needs: the tenant, its group and the load's settings. */
export interface NoisyThreadData {
  readonly tenant: SeededTenant;
  readonly groupId: string;
  readonly runId: string;
  readonly seededUsers: number;
  readonly concurrency: number;
  readonly tag: string;
}

/** Starts the noisy load once the worker is up; `stop()` resolves to its tally. */
export async function startNoisyThread(data: NoisyThreadData): Promise<{ stop(): Promise<Tally> }> {
  const worker = new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), { workerData: { entry: new URL('./noisy-worker.ts', import.meta.url).href, data } });
  const failure = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the noisy tenant's thread exited (${code}) before it reported`)));
  });
  const next = (): Promise<unknown> => Promise.race([new Promise((resolve) => worker.once('message', resolve)), failure]);
  await next();
  return {
    async stop(): Promise<Tally> {
      const reported = next();
      worker.postMessage('stop');
      const tally = (await reported) as Tally;
      await worker.terminate();
      return tally;
    },
  };
}
