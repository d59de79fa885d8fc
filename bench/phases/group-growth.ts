/**
 * One group grown to `groupMembers` members by PATCH add of `patchBatch` members at a time (RFC 7644 §3.5.2.1),
 * as Entra ID and Okta push a large group. With membership as set operations in SQL (DESIGN.md §3) a batch costs
 * the same at 100k members as at 0; a server that rewrites the member list gets slower with every batch.
 * PATCHes run one at a time by default (`--patch-concurrency`), so each batch's time is its own cost.
 */
import { field, jsonBody } from '../http-client.js';
import { expectStatus } from '../load-driver.js';
import { loadOutcome, toFigures, type LoadFigures, type PhaseOutcome } from '../results.js';
import { measure, type CreatedUser, type ScimBench } from '../scim-bench.js';
import { median, round } from '../stats.js';

const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** What growing the group measured. */
export interface GroupGrowthResult extends PhaseOutcome {
  readonly groupId?: string;
  /** A small second group used to warm the PATCH path up; the removal phase warms up on it too. */
  readonly warmGroupId?: string;
  readonly batchSize: number;
  readonly membersAdded: number;
  readonly load?: LoadFigures;
  /** Batches averaged at each end: min(10, batches / 10). */
  readonly window?: number;
  /** Median ms of the first `window` batches (group nearly empty). */
  readonly firstBatchMs?: number;
  /** Median ms of the last `window` batches (group nearly full). */
  readonly lastBatchMs?: number;
  /** Members in the group when the last window ran. */
  readonly lastBatchAtMembers?: number;
}

/** A PATCH adding `members` to a group. */
export function addMembersPatch(members: readonly CreatedUser[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: members.map((u) => ({ value: u.id })) }] };
}

async function createGroup(bench: ScimBench, displayName: string): Promise<string | { failure: string }> {
  const response = await bench.client.request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName });
  const id = field(jsonBody(response), 'id');
  if (response.status === 201 && typeof id === 'string') return id;
  return { failure: `POST /Groups: status ${response.status}: ${response.body.slice(0, 300)}` };
}

/** Grows one group to (at most) `groupMembers` of the created users. */
export async function growGroup(bench: ScimBench): Promise<GroupGrowthResult> {
  const batchSize = bench.options.patchBatch;
  const members = bench.users.slice(0, bench.options.groupMembers);
  const groupId = await createGroup(bench, `bench-${bench.runId}-big`);
  if (typeof groupId !== 'string') return { state: 'failed', note: groupId.failure, batchSize, membersAdded: 0 };
  const warmGroupId = await createGroup(bench, `bench-${bench.runId}-warm`);
  if (typeof warmGroupId === 'string') {
    await measure(bench, {
      name: 'PATCH warm-up (small group)',
      total: Math.min(10, Math.ceil(members.length / batchSize)),
      concurrency: 1,
      send: async (b) =>
        expectStatus(await bench.client.request('PATCH', `/Groups/${warmGroupId}`, addMembersPatch(members.slice(b * batchSize, (b + 1) * batchSize))), 200, 204),
    });
  }

  const batches = Math.ceil(members.length / batchSize);
  const load = await measure(bench, {
    name: `PATCH +${batchSize} members (to ${members.length})`,
    total: batches,
    concurrency: bench.options.patchConcurrency,
    send: async (b) =>
      expectStatus(await bench.client.request('PATCH', `/Groups/${groupId}`, addMembersPatch(members.slice(b * batchSize, (b + 1) * batchSize))), 200, 204),
  });
  const latencies = load.latencies;
  const window = Math.max(1, Math.min(10, Math.floor(latencies.length / 10)));
  const membersAdded = Math.min(members.length, load.ok * batchSize);
  const result: GroupGrowthResult = {
    ...loadOutcome(load),
    groupId,
    ...(typeof warmGroupId === 'string' ? { warmGroupId } : {}),
    batchSize,
    membersAdded,
    load: toFigures(load),
  };
  if (latencies.length === 0) return result;
  const firstBatchMs = round(median(latencies.slice(0, window)));
  const lastBatchMs = round(median(latencies.slice(-window)));
  bench.log(`  group growth: first ${window} batches ${firstBatchMs} ms, last ${window} batches ${lastBatchMs} ms (at ~${membersAdded} members)`);
  return { ...result, window, firstBatchMs, lastBatchMs, lastBatchAtMembers: membersAdded };
}
