/**
 * Admin API: a tenant's credentials — list (display prefix, created, last used, expiry), issue, rotate with an
 * overlap during which the old tokens keep working, revoke. A new token is in the response once and never again.
 */
import type { Router } from 'express';
import type { CredentialInfo } from '../tenants/types.js';
import { notFound } from './admin-error.js';
import { loadTenant, type AdminContext } from './admin-context.js';
import { bodyObject, optionalNumber, param } from './request-input.js';

const HOUR_MS = 60 * 60 * 1000;
const MAX_DAYS = 3650;

/** A credential as the admin API shows it (never the secret). */
export function credentialView(c: CredentialInfo): Record<string, unknown> {
  return {
    id: c.id,
    prefix: c.prefix,
    createdAt: c.createdAt.toISOString(),
    expiresAt: c.expiresAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
    active: c.active,
    state: c.revokedAt ? 'revoked' : c.active ? 'active' : 'expired',
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
    const days = optionalNumber(bodyObject(req), 'expiresInDays', 0.01, MAX_DAYS);
    const issued = await context.tenants.issue(tenant.id, days === undefined ? {} : { expiresAt: new Date(Date.now() + days * 24 * HOUR_MS) });
    if (!issued) throw notFound(`No tenant "${tenant.id}".`, 'tenantId');
    context.logger.info('admin issued a credential', { tenantId: tenant.id, credentialId: issued.credential.id });
    res.status(201).json({ credential: credentialView(issued.credential), token: issued.token });
  });

  router.post('/api/tenants/:tenantId/credentials/rotate', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const hours = optionalNumber(bodyObject(req), 'expireOldAfterHours', 0, MAX_DAYS * 24);
    const issued = await context.tenants.rotate(tenant.id, hours === undefined ? {} : { expireOldAfterMs: Math.round(hours * HOUR_MS) });
    if (!issued) throw notFound(`No tenant "${tenant.id}".`, 'tenantId');
    context.logger.info('admin rotated credentials', { tenantId: tenant.id, credentialId: issued.credential.id, expireOldAfterHours: hours ?? null });
    res.status(201).json({ credential: credentialView(issued.credential), token: issued.token });
  });

  router.post('/api/tenants/:tenantId/credentials/:credentialId/revoke', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const credentialId = param(req, 'credentialId');
    if (!(await context.tenants.revoke(tenant.id, credentialId))) throw notFound(`No credential "${credentialId}" in tenant "${tenant.id}".`, 'credentialId');
    context.logger.info('admin revoked a credential', { tenantId: tenant.id, credentialId });
    const credential = (await context.tenants.listCredentials(tenant.id)).find((c) => c.id === credentialId);
    res.json({ credential: credential ? credentialView(credential) : { id: credentialId, state: 'revoked' } });
  });
}
