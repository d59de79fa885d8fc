/**
 * Admin API: a tenant's groups mapped to roles. `GET api/tenants/:id/role-mappings` lists them with the roles that
 * can be mapped; `GET|POST api/tenants/:id/groups/:groupId/roles` lists a group's roles or maps it to one
 * (`{ "role": "Admin" }`: 201, or 200 when mapped already); `DELETE api/tenants/:id/groups/:groupId/roles/:role`
 * removes one. Changes are audited and report `user.roles.changed` for every user whose roles they move.
 */
import type { Router } from 'express';
import { RoleMappingError, type RoleMapping, type RoleMappings } from '../provisioning/role-mappings.js';
import type { TenantDeclaredValues } from '../provisioning/tenant-declared-values.js';
import { AdminError, notFound } from './admin-error.js';
import { loadTenant, type AdminContext } from './admin-context.js';
import { bodyObject, param, requiredString } from './request-input.js';

function mappingView(mapping: RoleMapping): Record<string, unknown> {
  return { groupId: mapping.groupId, groupDisplayName: mapping.groupDisplayName, role: mapping.role, createdAt: mapping.createdAt.toISOString() };
}

function adminErrorOf(error: unknown): unknown {
  if (!(error instanceof RoleMappingError)) return error;
  return new AdminError(error.status, error.status === 404 ? 'not_found' : 'bad_request', error.message, error.where);
}

/** Adds the role-mapping routes. */
export function mountRoleMappingRoutes(router: Router, context: AdminContext, mappings: RoleMappings, declared: TenantDeclaredValues): void {
  router.get('/api/tenants/:tenantId/role-mappings', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const [list, roles] = await Promise.all([mappings.list(tenant.id), declared.list(tenant.id, 'roles')]);
    res.json({ mappings: list.map(mappingView), roles });
  });

  router.get('/api/tenants/:tenantId/groups/:groupId/roles', async (req, res) => {
    const tenant = await loadTenant(context, req);
    res.json({ mappings: (await mappings.list(tenant.id, { groupId: param(req, 'groupId') })).map(mappingView) });
  });

  router.post('/api/tenants/:tenantId/groups/:groupId/roles', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const role = requiredString(bodyObject(req), 'role', 256);
    try {
      const { mapping, created } = await mappings.add(tenant, param(req, 'groupId'), role, context.auditActor(req));
      if (created) context.logger.info('admin mapped a group to a role', { tenantId: tenant.id, groupId: mapping.groupId, role });
      res.status(created ? 201 : 200).json({ mapping: mappingView(mapping) });
    } catch (error) {
      throw adminErrorOf(error);
    }
  });

  router.delete('/api/tenants/:tenantId/groups/:groupId/roles/:role', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const role = param(req, 'role');
    let removed: boolean;
    try {
      removed = await mappings.remove(tenant, param(req, 'groupId'), role, context.auditActor(req));
    } catch (error) {
      throw adminErrorOf(error);
    }
    if (!removed) throw notFound(`Group "${param(req, 'groupId')}" is not mapped to role "${role}".`, 'role');
    context.logger.info('admin removed a role mapping', { tenantId: tenant.id, groupId: param(req, 'groupId'), role });
    res.status(204).end();
  });
}
