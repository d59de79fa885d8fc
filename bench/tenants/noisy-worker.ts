/**
 * The noisy tenant's load in a worker thread of the benchmark's process (started by noisy-thread.ts): its
 * thousands of answers a second are handled on their own event loop, so the paced tenants' timetable in the main
 * thread is not made late by them, and a late paced request is not blamed on the server.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createHttpClient } from '../http-client.js';
import { createRequestPlan } from './request-mix.js';
import { newTally, noisyLoad } from './tenant-load.js';
import type { NoisyThreadData } from './noisy-thread.js';

const { data } = workerData as { data: NoisyThreadData };
const client = createHttpClient(data.tenant.scimUrl, { token: data.tenant.token, maxSockets: data.concurrency });
const plan = createRequestPlan({ runId: data.runId, seededUsers: data.seededUsers, userIds: data.tenant.userIds, groupId: data.groupId });
const tally = newTally();
const load = noisyLoad({ tenant: data.tenant, client, groupId: data.groupId, plan }, { concurrency: data.concurrency, tag: data.tag, tally });
parentPort?.once('message', () => {
  void load.stop().then(() => {
    client.close();
    parentPort?.postMessage(tally);
  });
});
parentPort?.postMessage('started');
