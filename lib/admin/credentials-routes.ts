/**
 * Admin API: a tenant's tokens — list (name, kind, display prefix, created, last used, expiry), issue with a name,
 * rotate one token with an overlap during which it keeps working (no other token changes), revoke one. A new
 * token is in the response once and never again.
 */
import type { Router } from 'express';
import type { CredentialInfo } from '../tenants/types.js';
import { notFound } from './admin-error.js';
import { lifecycleView } from './lifecycle-view.js';
import { loadTenant, type AdminContext } from './admin-context.js';
import { bodyObject, optionalNumber, optionalString, param } from './request-input.js';

const HOUR_MS = 60 * 60 * 1000;
const MAX_DAYS = 3650;

/** A credential as the admin API shows it (never the secret). */
export function credentialView(c: CredentialInfo): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    prefix: c.prefix,
    ...lifecycleView(c),
  };
}

/** Adds the credential routes under `api/tenants/:tenantId/credentials`. */
export function mountCredentialRoutes(router: Router, context: AdminContext): void {
  router.get('/api/tenants/:tenantId/credentials', async (req, res) => {
    const tenant = await loadTenant(context, req);
    res.json({ credentials: (await context.tenants.listCredentials(tenant.id)).map(credentialView) });
  });

  router.post('/api/tenants/:tenantId/credentials', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const body = bodyObject(req);
    const days = optionalNumber(body, 'expiresInDays', 0.01, MAX_DAYS);
    const name = optionalString(body, 'name', 100);
    const issued = await context.tenants.issue(tenant.id, {
      ...context.auditActor(req),
      ...(name === undefined ? {} : { name }),
      ...(days === undefined ? {} : { expiresAt: new Date(Date.now() + days * 24 * HOUR_MS) }),
    });
    if (!issued) throw notFound(`No tenant "${tenant.id}".`, 'tenantId');
    context.logger.info('admin issued a credential', { tenantId: tenant.id, credentialId: issued.credential.id });
    res.status(201).json({ credential: credentialView(issued.credential), token: issued.token });
  });

  router.post('/api/tenants/:tenantId/credentials/:credentialId/rotate', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const credentialId = param(req, 'credentialId');
    const hours = optionalNumber(bodyObject(req), 'expireOldAfterHours', 0, MAX_DAYS * 24);
    const issued = await context.tenants.rotate(tenant.id, credentialId, {
      ...context.auditActor(req),
      ...(hours === undefined ? {} : { expireOldAfterMs: Math.round(hours * HOUR_MS) }),
    });
    if (!issued) throw notFound(`No token "${credentialId}" in tenant "${tenant.id}".`, 'credentialId');
    context.logger.info('admin rotated a token', { tenantId: tenant.id, rotated: credentialId, credentialId: issued.credential.id, expireOldAfterHours: hours ?? null });
    res.status(201).json({ credential: credentialView(issued.credential), token: issued.token });
  });

  router.post('/api/tenants/:tenantId/credentials/:credentialId/revoke', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const credentialId = param(req, 'credentialId');
    if (!(await context.tenants.revoke(tenant.id, credentialId, context.auditActor(req)))) throw notFound(`No credential "${credentialId}" in tenant "${tenant.id}".`, 'credentialId');
    context.logger.info('admin revoked a credential', { tenantId: tenant.id, credentialId });
    const credential = (await context.tenants.listCredentials(tenant.id)).find((c) => c.id === credentialId);
    res.json({ credential: credential ? credentialView(credential) : { id: credentialId, state: 'revoked' } });
  });
}
