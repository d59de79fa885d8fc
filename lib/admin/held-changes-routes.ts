/**
 * Admin API of the deprovisioning guard: a tenant's held changes (`api/tenants/:tenantId/held-changes`), counted by
 * kind and by the provider and credential that sent them, and an administrator's approval or discard of them, each
 * recorded in the audit trail in the decision's transaction.
 */
import type { Request, Router } from 'express';
import type { Knex } from 'knex';
import { approveHeldChanges, discardHeldChanges, type HeldDecision } from '../provisioning/held-changes.js';
import { countHeldChanges, listHeldChanges } from '../store/deprovisions-store.js';
import type { Tenant } from '../tenants/types.js';
import { ScimError } from '../scim/errors.js';
import { AdminError } from './admin-error.js';
import { loadTenant, type AdminContext } from './admin-context.js';
import { bodyObject } from './request-input.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Held changes listed at most. */
const LIST_LIMIT = 1000;

/** The users a decision covers: `userIds` from the body (each a UUID), or all when absent. */
function decidedUsers(body: Record<string, unknown>): string[] | undefined {
  const ids = body.userIds;
  if (ids === undefined) return undefined;
  if (!Array.isArray(ids) || ids.length > LIST_LIMIT || !ids.every((id): id is string => typeof id === 'string' && UUID.test(id))) {
    throw new AdminError(400, 'bad_request', `userIds must be an array of at most ${LIST_LIMIT} user ids.`, 'userIds');
  }
  return ids.map((id) => id.toLowerCase());
}

/** The audit step of a decision. */
function recordDecision(context: AdminContext, req: Request, tenant: Tenant, action: 'guard.approved' | 'guard.discarded') {
  const by = context.auditActor(req);
  return (trx: Knex.Transaction, decision: HeldDecision) =>
    context.tenants.audit.record(trx, by, {
      action,
      tenantId: tenant.id,
      tenantName: tenant.name,
      details: { deactivations: decision.deactivations, deletions: decision.deletions },
    });
}

/** Adds the held-changes routes. */
export function mountHeldChangesRoutes(router: Router, context: AdminContext): void {
  router.get('/api/tenants/:tenantId/held-changes', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const [counts, rows] = await Promise.all([countHeldChanges(context.knex, tenant.id), listHeldChanges(context.knex, tenant.id, LIST_LIMIT)]);
    const s = tenant.settings;
    res.json({
      guard: {
        enabled: s.deprovisioningGuard,
        percent: s.deprovisioningGuardPercent,
        minimum: s.deprovisioningGuardMinimum,
        windowMinutes: s.deprovisioningGuardWindowMinutes,
      },
      counts,
      held: rows.map((row) => ({
        userId: row.user_id,
        userName: typeof row.previous.userName === 'string' ? row.previous.userName : null,
        displayName: typeof row.previous.displayName === 'string' ? row.previous.displayName : null,
        kind: row.kind,
        at: row.at,
        provider: row.provider,
        credential: row.credential,
        changes: row.changes.length,
      })),
    });
  });

  for (const [verb, decide, action] of [
    ['approve', approveHeldChanges, 'guard.approved'],
    ['discard', discardHeldChanges, 'guard.discarded'],
  ] as const) {
    router.post(`/api/tenants/:tenantId/held-changes/${verb}`, async (req, res) => {
      const tenant = await loadTenant(context, req);
      const body = bodyObject(req);
      if (body.confirm !== true) {
        const what = verb === 'approve' ? 'Approving lets the host see the deactivations and deletions' : 'Discarding restores the users in the directory';
        throw new AdminError(400, 'confirmation_required', `${what}. Send {"confirm": true}.`, 'confirm');
      }
      let decision: HeldDecision;
      try {
        decision = await decide(context.provisioning, tenant.id, decidedUsers(body), recordDecision(context, req, tenant, action));
      } catch (error) {
        // A userName taken again since the deletion (discard), or a host hook refusing a deactivation (approve).
        if (error instanceof ScimError) throw new AdminError(409, 'conflict', `Nothing was ${verb}d: ${error.detail}`);
        throw error;
      }
      context.logger.info(`admin ${verb}d held changes`, { tenantId: tenant.id, deactivations: decision.deactivations, deletions: decision.deletions });
      res.json({ deactivations: decision.deactivations, deletions: decision.deletions });
    });
  }
}
