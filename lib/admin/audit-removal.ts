/**
 * An administrator's removal of a user or group, recorded in the audit trail inside the removal's transaction.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import type { Removal } from '../provisioning/remove-resource.js';
import type { Tenant } from '../tenants/types.js';
import type { AdminContext } from './admin-context.js';

/** The `onRemoved` step of an admin removal: records `user.removed` or `group.removed` with the resource's name. */
export function recordRemoval(context: AdminContext, req: Request, tenant: Tenant): (trx: Knex.Transaction, removal: Removal, name: string) => Promise<void> {
  const by = context.auditActor(req);
  return (trx, removal, name) =>
    context.tenants.audit.record(trx, by, {
      action: removal.type === 'User' ? 'user.removed' : 'group.removed',
      tenantId: tenant.id,
      tenantName: tenant.name,
      target: { type: removal.type === 'User' ? 'user' : 'group', id: removal.id, name },
      details: { groupsLeft: removal.groupsLeft.length, ...(removal.tombstone ? { tombstone: true } : {}) },
    });
}
