/**
 * Admin API: a tenant's OAuth clients (client credentials grant) — list by name with kind, last use and expiry;
 * create with a name (the secret is in the response once and never again); rotate one client's secret with an
 * overlap during which its earlier secrets keep working; revoke one client with its secrets and access tokens.
 */
import type { Request, Router } from 'express';
import type { OAuthClientInfo, OAuthClientsService } from '../tenants/oauth-clients-service.js';
import { notFound } from './admin-error.js';
import { lifecycleView } from './lifecycle-view.js';
import { loadTenant, type AdminContext } from './admin-context.js';
import { bodyObject, optionalNumber, param, requiredString } from './request-input.js';

const HOUR_MS = 60 * 60 * 1000;
const MAX_HOURS = 3650 * 24;

/** A client as the admin API shows it (never a secret). */
export function oauthClientView(c: OAuthClientInfo): Record<string, unknown> {
  return {
    id: c.clientId,
    clientId: c.clientId,
    name: c.name,
    kind: c.kind,
    ...lifecycleView(c),
  };
}

/** The tenant's token endpoint as an identity provider reaches it. */
function tokenEndpoint(context: AdminContext, req: Request, tenantId: string): string {
  return `${context.scimBaseUrl(req)}/${tenantId}/oauth/token`;
}

/** Adds the client routes under `api/tenants/:tenantId/oauth-clients`. */
export function mountOAuthClientRoutes(router: Router, context: AdminContext, clients: OAuthClientsService): void {
  router.get('/api/tenants/:tenantId/oauth-clients', async (req, res) => {
    const tenant = await loadTenant(context, req);
    res.json({ tokenEndpoint: tokenEndpoint(context, req, tenant.id), clients: (await clients.list(tenant.id)).map(oauthClientView) });
  });

  router.post('/api/tenants/:tenantId/oauth-clients', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const name = requiredString(bodyObject(req), 'name', 100);
    const issued = await clients.create(tenant.id, name, context.auditActor(req));
    if (!issued) throw notFound(`No tenant "${tenant.id}".`, 'tenantId');
    context.logger.info('admin created an OAuth client', { tenantId: tenant.id, clientId: issued.client.clientId });
    res.status(201).json({ client: oauthClientView(issued.client), clientSecret: issued.clientSecret, tokenEndpoint: tokenEndpoint(context, req, tenant.id) });
  });

  router.post('/api/tenants/:tenantId/oauth-clients/:clientId/rotate', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const clientId = param(req, 'clientId');
    const hours = optionalNumber(bodyObject(req), 'expireOldAfterHours', 0, MAX_HOURS);
    const issued = await clients.rotateSecret(tenant.id, clientId, {
      ...context.auditActor(req),
      ...(hours === undefined ? {} : { expireOldAfterMs: Math.round(hours * HOUR_MS) }),
    });
    if (!issued) throw notFound(`No active OAuth client "${clientId}" in tenant "${tenant.id}".`, 'clientId');
    context.logger.info('admin rotated an OAuth client secret', { tenantId: tenant.id, clientId, expireOldAfterHours: hours ?? null });
    res.status(201).json({ client: oauthClientView(issued.client), clientSecret: issued.clientSecret, tokenEndpoint: tokenEndpoint(context, req, tenant.id) });
  });

  router.post('/api/tenants/:tenantId/oauth-clients/:clientId/revoke', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const clientId = param(req, 'clientId');
    if (!(await clients.revoke(tenant.id, clientId, context.auditActor(req)))) throw notFound(`No OAuth client "${clientId}" in tenant "${tenant.id}".`, 'clientId');
    context.logger.info('admin revoked an OAuth client', { tenantId: tenant.id, clientId });
    const client = (await clients.list(tenant.id)).find((c) => c.clientId === clientId);
    res.json({ client: client ? oauthClientView(client) : { id: clientId, state: 'revoked' } });
  });
}
