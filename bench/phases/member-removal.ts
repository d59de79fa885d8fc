/**
 * Member removals from the big group by value filter, `{"op":"remove","path":"members[value eq \"<id>\"]"}`
 * (RFC 7644 §3.5.2.2), one at a time: the latency of a single de-provisioning step in a 100k-member group.
 */
import { expectStatus } from '../load-driver.js';
import { loadOutcome, toFigures, type LoadFigures, type PhaseOutcome } from '../results.js';
import { measure, type CreatedUser, type ScimBench } from '../scim-bench.js';
import { round } from '../stats.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** What the removals measured. */
export interface MemberRemovalResult extends PhaseOutcome {
  readonly load?: LoadFigures;
  /** Members in the group before the first removal. */
  readonly groupMembers?: number;
  readonly medianMs?: number;
}

/** A PATCH removing one member by value filter. */
export function removeMemberPatch(memberId: string): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${memberId}"]` }] };
}

/** Removes `removals` members spread over the group's `members`; warms up on `warmGroup` (its first members). */
export async function removeMembers(
  bench: ScimBench,
  group: { readonly id: string; readonly members: readonly CreatedUser[] },
  warmGroup: { readonly id: string; readonly members: readonly CreatedUser[] } | undefined,
): Promise<MemberRemovalResult> {
  const count = Math.min(bench.options.removals, group.members.length);
  if (count === 0) return { state: 'skipped', note: 'the group has no members to remove' };
  if (warmGroup) {
    await measure(bench, {
      name: 'member removal warm-up (small group)',
      total: Math.min(10, warmGroup.members.length),
      concurrency: 1,
      send: async (i) => expectStatus(await bench.client.request('PATCH', `/Groups/${warmGroup.id}`, removeMemberPatch(warmGroup.members[i]?.id ?? '')), 200, 204),
    });
  }
  // Spread the removed members over the whole group, not only its most recent additions.
  const stride = Math.max(1, Math.floor(group.members.length / count));
  const load = await measure(bench, {
    name: `member removal (group of ${group.members.length})`,
    total: count,
    concurrency: 1,
    send: async (i) => {
      const member = group.members[(i * stride) % group.members.length];
      return expectStatus(await bench.client.request('PATCH', `/Groups/${group.id}`, removeMemberPatch(member?.id ?? '')), 200, 204);
    },
  });
  return { ...loadOutcome(load), load: toFigures(load), groupMembers: group.members.length, medianMs: round(load.p50Ms) };
}
