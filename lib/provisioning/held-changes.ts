/**
 * An administrator's decision on the changes the deprovisioning guard held (deprovisioning-guard.ts), each one
 * transaction with its audit entry:
 * - approve: the host gets them. Held deactivations' withheld feed rows are appended to the change feed (events
 *   and webhooks follow it); held deletions are finished as a deletion is (groups left, row removed or tombstoned
 *   by option `softDelete`), their feed rows with them. A `beforeUserWrite` hook sees each approved deactivation.
 * - discard: nothing reaches the host, and the SCIM store goes back to the state before the hold (documents
 *   restored, deleted users live again), so both views agree and an identity provider that still means the
 *   change sends it again on its next cycle.
 */
import type { Knex } from 'knex';
import { appendChanges } from '../store/change-rows.js';
import { endHolds, lockHeldChanges, type HeldChangeRow } from '../store/deprovisions-store.js';
import { touchGroups } from '../store/groups-store.js';
import { removeFromAllGroups } from '../store/memberships-store.js';
import { removeUser, reviveUser, updateUserAtRevision } from '../store/user-writes.js';
import { findUser } from '../store/users-store.js';
import { jsonEqual } from '../scim/patch/json.js';
import { removedFromGroups } from './group-changes.js';
import { inTransaction, type ProvisioningDeps } from './provisioning-deps.js';
import { runWriteHook } from './write-hooks.js';

/** What a decision covered. */
export interface HeldDecision {
  readonly deactivations: number;
  readonly deletions: number;
  /** The users decided on. */
  readonly userIds: readonly string[];
}

/** Runs in the decision's transaction after it (the admin API records the audit entry there). */
export type OnDecided = (trx: Knex.Transaction, decision: HeldDecision) => Promise<void>;

function decisionOf(rows: readonly HeldChangeRow[]): HeldDecision {
  const deletions = rows.filter((row) => row.kind === 'delete').length;
  return { deactivations: rows.length - deletions, deletions, userIds: rows.map((row) => row.user_id) };
}

/** Approves the tenant's held changes (those of `userIds`, or all). */
export function approveHeldChanges(deps: ProvisioningDeps, tenantId: string, userIds?: readonly string[], onDecided?: OnDecided): Promise<HeldDecision> {
  return inTransaction(deps, async (trx) => {
    const rows = await lockHeldChanges(trx, tenantId, userIds);
    if (deps.options.hooks?.beforeUserWrite) {
      for (const row of rows.filter((held) => held.kind === 'deactivate')) {
        const user = await findUser(trx, tenantId, row.user_id);
        if (user) await runWriteHook(deps, trx, 'User', { tenantId, operation: 'update', id: row.user_id, resource: user.doc, previous: row.previous });
      }
    }
    await endHolds(trx, tenantId, rows.map((row) => row.user_id), true);
    for (const row of rows.filter((held) => held.kind === 'delete')) {
      const groupsLeft = await removeFromAllGroups(trx, tenantId, row.user_id);
      await touchGroups(trx, tenantId, groupsLeft);
      const memberChanges = removedFromGroups(groupsLeft, { id: row.user_id, type: 'User' });
      if (deps.options.softDelete) await appendChanges(trx, tenantId, memberChanges);
      else await removeUser(trx, tenantId, row.user_id, { tombstone: false, heldTombstone: true, changes: memberChanges });
    }
    const decision = decisionOf(rows);
    await onDecided?.(trx, decision);
    return decision;
  });
}

/** Discards the tenant's held changes (those of `userIds`, or all), restoring each user as it was before its hold. */
export function discardHeldChanges(deps: ProvisioningDeps, tenantId: string, userIds?: readonly string[], onDecided?: OnDecided): Promise<HeldDecision> {
  return inTransaction(deps, async (trx) => {
    const rows = await lockHeldChanges(trx, tenantId, userIds);
    for (const row of rows) {
      const stored = row.kind === 'delete' ? await reviveUser(trx, tenantId, row.user_id) : await findUser(trx, tenantId, row.user_id, { lock: 'update' });
      if (!stored || jsonEqual(stored.doc, row.previous)) continue;
      // No feed rows: the host still has the user as it was.
      await updateUserAtRevision(trx, tenantId, row.user_id, { revision: stored.revision, previous: stored.doc, doc: row.previous, changes: [] });
    }
    await endHolds(trx, tenantId, rows.map((row) => row.user_id), false);
    const decision = decisionOf(rows);
    await onDecided?.(trx, decision);
    return decision;
  });
}
