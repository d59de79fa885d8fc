/**
 * Admin API: a tenant's extension schemas. `GET api/tenants/:id/schemas` lists them (the host's, read-only, and the
 * tenant's own); `POST` defines or replaces one from RFC 7643 §7's representation with `resourceType` beside it;
 * `DELETE api/tenants/:id/schemas/:urn` removes one. A change that would drop values resources hold answers 409
 * `confirmation_required` with how many (`count`), until it is sent again with `force: true` (body or query).
 */
import type { Request, Router } from 'express';
import { extensionSchemaJson } from '../scim/schema/extension-schema.js';
import { TenantSchemaError, type ListedSchema, type TenantSchemas } from '../provisioning/tenant-schemas.js';
import { AdminError } from './admin-error.js';
import { loadTenant, type AdminContext } from './admin-context.js';
import { bodyObject, param } from './request-input.js';

function schemaView(listed: ListedSchema): Record<string, unknown> {
  return { ...extensionSchemaJson(listed), source: listed.source };
}

/** The admin API's error for a refused schema change. */
function adminErrorOf(error: unknown): unknown {
  if (!(error instanceof TenantSchemaError)) return error;
  const code = error.status === 404 ? 'not_found' : error.status === 400 ? 'bad_request' : error.holding !== undefined ? 'confirmation_required' : 'conflict';
  return new AdminError(error.status, code, error.message, error.where, error.holding);
}

function forced(req: Request, body: Record<string, unknown>): boolean {
  return body.force === true || req.query.force === 'true';
}

/** Adds the schema routes under `api/tenants/:tenantId/schemas`. */
export function mountSchemaRoutes(router: Router, context: AdminContext, schemas: TenantSchemas): void {
  router.get('/api/tenants/:tenantId/schemas', async (req, res) => {
    const tenant = await loadTenant(context, req);
    res.json({ schemas: (await schemas.list(tenant.id)).map(schemaView) });
  });

  router.post('/api/tenants/:tenantId/schemas', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const body = bodyObject(req);
    const { force: _force, ...definition } = body;
    try {
      const { schema, replaced } = await schemas.add(tenant.id, definition, { force: forced(req, body) });
      context.logger.info(`admin ${replaced ? 'replaced' : 'defined'} an extension schema`, { tenantId: tenant.id, urn: schema.schema.id });
      res.status(replaced ? 200 : 201).json({ schema: schemaView({ ...schema, source: 'tenant' }) });
    } catch (error) {
      throw adminErrorOf(error);
    }
  });

  router.delete('/api/tenants/:tenantId/schemas/:urn', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    try {
      await schemas.remove(tenant.id, param(req, 'urn'), { force: forced(req, body) });
    } catch (error) {
      throw adminErrorOf(error);
    }
    context.logger.info('admin removed an extension schema', { tenantId: tenant.id, urn: param(req, 'urn') });
    res.status(204).end();
  });
}
