/**
 * Admin API: a tenant's users — search (prefix of userName, names, emails, or a raw SCIM filter), sort, paging,
 * detail with the full SCIM document, groups (direct and nested) and the extension schemas that name its attributes,
 * effective roles with their sources — and removal from the directory after confirmation.
 */
import type { Router } from 'express';
import { AdminError, notFound } from './admin-error.js';
import { loadTenant, tenantScimUrl, type AdminContext } from './admin-context.js';
import { bodyObject, param, queryChoice, queryString } from './request-input.js';
import { readPage } from './paging.js';
import { removeResource } from '../provisioning/remove-resource.js';
import { readEffectiveRoles } from '../provisioning/effective-roles.js';
import { compileAdminFilter } from './scim-filter.js';
import { tenantExtensionSchemas } from './extension-schemas.js';
import { recordRemoval } from './audit-removal.js';
import { getUserForAdmin, listUsersForAdmin, userLabelForAdmin, USER_SORT_KEYS, type UserLabel } from '../store/admin-user-queries.js';
import { ENTERPRISE_USER_SCHEMA } from '../scim/schema/urns.js';

/** The enterprise manager (RFC 7643 §4.3) named by its `value`, when that is a user of the tenant; else null. */
async function managerOf(context: AdminContext, tenantId: string, resource: Record<string, unknown>): Promise<UserLabel | null> {
  const enterprise = Object.entries(resource).find(([key]) => key.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase())?.[1];
  const manager = typeof enterprise === 'object' && enterprise !== null ? (enterprise as Record<string, unknown>).manager : undefined;
  const id = typeof manager === 'object' && manager !== null ? (manager as Record<string, unknown>).value : undefined;
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  return (await userLabelForAdmin(context.knex, tenantId, id.toLowerCase())) ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Adds the user routes under `api/tenants/:tenantId/users`. */
export function mountUserRoutes(router: Router, context: AdminContext): void {
  router.get('/api/tenants/:tenantId/users', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const filter = queryString(req, 'filter', 4000);
    const q = queryString(req, 'q', 200);
    const page = await listUsersForAdmin(context.knex, tenant.id, {
      ...readPage(req),
      ...(q ? { q } : {}),
      ...(filter ? { where: compileAdminFilter((await context.provisioning.forTenant?.(tenant) ?? context.provisioning).registry, 'User', filter) } : {}),
      sortBy: queryChoice(req, 'sortBy', USER_SORT_KEYS, 'userName') ?? 'userName',
      sortOrder: queryChoice(req, 'sortOrder', ['ascending', 'descending'] as const, 'ascending') ?? 'ascending',
    });
    res.json(page);
  });

  router.get('/api/tenants/:tenantId/users/:userId', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const id = param(req, 'userId');
    const detail = UUID.test(id) ? await getUserForAdmin(context.knex, tenant.id, id.toLowerCase(), `${tenantScimUrl(context, req, tenant.id)}/Users/${id}`) : undefined;
    if (!detail) throw notFound(`No user "${id}" in tenant "${tenant.id}".`, 'userId');
    res.json({ ...detail, extensionSchemas: await tenantExtensionSchemas(context, tenant, 'User'), manager: await managerOf(context, tenant.id, detail.resource) });
  });

  // The user's effective roles, each with its sources (direct, or a mapped group with the path to it).
  router.get('/api/tenants/:tenantId/users/:userId/roles', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const id = param(req, 'userId');
    const roles = await readEffectiveRoles(context.provisioning, tenant.id, id);
    if (!roles) throw notFound(`No user "${id}" in tenant "${tenant.id}".`, 'userId');
    res.json({ roles });
  });

  router.delete('/api/tenants/:tenantId/users/:userId', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const id = param(req, 'userId');
    if (bodyObject(req).confirm !== true) {
      throw new AdminError(400, 'confirmation_required', 'Removing a user deletes it from the directory (the identity provider may provision it again). Send {"confirm": true}.', 'confirm');
    }
    const removed = UUID.test(id) ? await removeResource(context.provisioning, tenant.id, 'User', id.toLowerCase(), { source: 'admin', onRemoved: recordRemoval(context, req, tenant) }) : undefined;
    if (!removed) throw notFound(`No user "${id}" in tenant "${tenant.id}".`, 'userId');
    context.logger.info('admin removed a user', { tenantId: tenant.id, userId: removed.id, groupsLeft: removed.groupsLeft.length });
    res.status(204).end();
  });
}
