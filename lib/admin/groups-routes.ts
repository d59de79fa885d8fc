/**
 * Admin API: a tenant's groups — search, paging, member counts, detail (with the extension schemas that name its
 * attributes), members paged — and removal.
 */
import type { Router } from 'express';
import { AdminError, notFound } from './admin-error.js';
import { loadTenant, tenantScimUrl, type AdminContext } from './admin-context.js';
import { getGroupForAdmin, listGroupMembers, listGroupsForAdmin } from '../store/admin-group-queries.js';
import { bodyObject, param, queryString } from './request-input.js';
import { readPage } from './paging.js';
import { removeResource } from '../provisioning/remove-resource.js';
import { compileAdminFilter } from './scim-filter.js';
import { tenantExtensionSchemas } from './extension-schemas.js';
import { recordRemoval } from './audit-removal.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Adds the group routes under `api/tenants/:tenantId/groups`. */
export function mountGroupRoutes(router: Router, context: AdminContext): void {
  router.get('/api/tenants/:tenantId/groups', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const filter = queryString(req, 'filter', 4000);
    const q = queryString(req, 'q', 200);
    res.json(await listGroupsForAdmin(context.knex, tenant.id, { ...readPage(req), ...(q ? { q } : {}), ...(filter ? { where: compileAdminFilter((await context.provisioning.forTenant?.(tenant) ?? context.provisioning).registry, 'Group', filter) } : {}) }));
  });

  router.get('/api/tenants/:tenantId/groups/:groupId', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const id = param(req, 'groupId');
    const detail = UUID.test(id) ? await getGroupForAdmin(context.knex, tenant.id, id.toLowerCase(), `${tenantScimUrl(context, req, tenant.id)}/Groups/${id}`) : undefined;
    if (!detail) throw notFound(`No group "${id}" in tenant "${tenant.id}".`, 'groupId');
    res.json({ ...detail, extensionSchemas: await tenantExtensionSchemas(context, tenant, 'Group') });
  });

  router.get('/api/tenants/:tenantId/groups/:groupId/members', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const id = param(req, 'groupId');
    const detail = UUID.test(id) ? await getGroupForAdmin(context.knex, tenant.id, id.toLowerCase(), '') : undefined;
    if (!detail) throw notFound(`No group "${id}" in tenant "${tenant.id}".`, 'groupId');
    res.json(await listGroupMembers(context.knex, tenant.id, id.toLowerCase(), readPage(req, 50)));
  });

  router.delete('/api/tenants/:tenantId/groups/:groupId', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const id = param(req, 'groupId');
    if (bodyObject(req).confirm !== true) {
      throw new AdminError(400, 'confirmation_required', 'Removing a group deletes it and its memberships from the directory. Send {"confirm": true}.', 'confirm');
    }
    const removed = UUID.test(id) ? await removeResource(context.provisioning, tenant.id, 'Group', id.toLowerCase(), { source: 'admin', onRemoved: recordRemoval(context, req, tenant) }) : undefined;
    if (!removed) throw notFound(`No group "${id}" in tenant "${tenant.id}".`, 'groupId');
    context.logger.info('admin removed a group', { tenantId: tenant.id, groupId: removed.id });
    res.status(204).end();
  });
}
