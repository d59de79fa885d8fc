/**
 * Admin API: the roles and entitlements declared for one tenant. `GET api/tenants/:id/declared/roles` (or
 * `entitlements`) lists the host's (`source: "host"`, read-only) and the tenant's own; `POST` with
 * `{ value, display?, type? }` declares one for the tenant or changes its display and type (201 new, 200 changed);
 * `DELETE …/declared/roles/:value` removes one (409 while a group is mapped to the role). They are published at
 * the tenant's `/Roles` and `/Entitlements` and can be mapped to groups. Changes are audited.
 */
import type { Request, Router } from 'express';
import type { DeclaredKind } from '../scim/roles/declared-roles.js';
import { DeclaredValueError, type TenantDeclaredValues } from '../provisioning/tenant-declared-values.js';
import { AdminError, badRequest } from './admin-error.js';
import { loadTenant, type AdminContext } from './admin-context.js';
import { bodyObject, optionalString, param, requiredString } from './request-input.js';

function kindOf(req: Request): DeclaredKind {
  const kind = param(req, 'kind');
  if (kind !== 'roles' && kind !== 'entitlements') throw badRequest('The list is "roles" or "entitlements".', 'kind');
  return kind;
}

function adminErrorOf(error: unknown): unknown {
  if (!(error instanceof DeclaredValueError)) return error;
  return new AdminError(error.status, error.status === 404 ? 'not_found' : error.status === 409 ? 'conflict' : 'bad_request', error.message, error.where);
}

/** Adds the declared-value routes under `api/tenants/:tenantId/declared/:kind`. */
export function mountDeclaredValueRoutes(router: Router, context: AdminContext, declared: TenantDeclaredValues): void {
  router.get('/api/tenants/:tenantId/declared/:kind', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const kind = kindOf(req);
    res.json({ [kind]: await declared.list(tenant.id, kind) });
  });

  router.post('/api/tenants/:tenantId/declared/:kind', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const kind = kindOf(req);
    const body = bodyObject(req);
    const input = { value: requiredString(body, 'value', 256), display: optionalString(body, 'display', 256), type: optionalString(body, 'type', 256) };
    try {
      const { created } = await declared.put(tenant, kind, input, context.auditActor(req));
      res.status(created ? 201 : 200).json({ value: input.value, display: input.display ?? null, type: input.type ?? null, source: 'tenant' });
    } catch (error) {
      throw adminErrorOf(error);
    }
  });

  router.delete('/api/tenants/:tenantId/declared/:kind/:value', async (req, res) => {
    const tenant = await loadTenant(context, req);
    try {
      await declared.remove(tenant, kindOf(req), param(req, 'value'), context.auditActor(req));
    } catch (error) {
      throw adminErrorOf(error);
    }
    res.status(204).end();
  });
}
