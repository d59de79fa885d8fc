/**
 * What the admin API's routes are built from: one value per directory instance, passed down (no shared state).
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import type { EventLogWriter } from '../eventlog/event-log-writer.js';
import type { ScimLogger } from '../logger.js';
import type { ProvisioningDeps } from '../provisioning/provisioning-deps.js';
import type { AuditActor } from '../tenants/admin-audit.js';
import type { TenantsService } from '../tenants/tenants-service.js';
import type { Tenant } from '../tenants/types.js';
import { notFound } from './admin-error.js';
import { param } from './request-input.js';

/** Dependencies of the admin routes. */
export interface AdminContext {
  readonly knex: Knex;
  readonly logger: ScimLogger;
  readonly tenants: TenantsService;
  readonly eventLog: EventLogWriter;
  /** For removals, which run the same use case as a SCIM DELETE (soft delete, change feed, events). */
  readonly provisioning: ProvisioningDeps;
  /** The SCIM router's external base URL for this request, e.g. `https://idp.example.com/scim` (no slash). */
  readonly scimBaseUrl: (req: Request) => string;
  /** Who makes this request's change and from where, for the audit trail (see audit-actor.ts). */
  readonly auditActor: (req: Request) => AuditActor;
}

/** The SCIM base URL of a tenant: `<scim mount>/<tenant-id>/v2`. */
export function tenantScimUrl(context: AdminContext, req: Request, tenantId: string): string {
  return `${context.scimBaseUrl(req)}/${tenantId}/v2`;
}

/** The tenant named by the `:tenantId` route parameter, or 404. */
export async function loadTenant(context: AdminContext, req: Request): Promise<Tenant> {
  const id = param(req, 'tenantId');
  const tenant = await context.tenants.get(id);
  if (!tenant) throw notFound(`No tenant "${id}".`, 'tenantId');
  return tenant;
}

/** The tenant as the admin API shows it. */
export function tenantView(context: AdminContext, req: Request, tenant: Tenant): Record<string, unknown> {
  return {
    id: tenant.id,
    name: tenant.name,
    enabled: tenant.enabled,
    createdAt: tenant.createdAt.toISOString(),
    scimUrl: tenantScimUrl(context, req, tenant.id),
    settings: tenant.settings,
  };
}
