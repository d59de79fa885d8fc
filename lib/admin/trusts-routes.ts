/**
 * Admin API: a tenant's workload identity federation trusts — list by name with kind and last use; create one
 * (issuer, subject, audience, optional tenant claim, algorithm, and a JWKS URL on an allowed host or a pasted JWKS);
 * revoke one with the access tokens issued through it.
 */
import type { Router } from 'express';
import type { FederatedTrustsService, TrustInfo } from '../tenants/federated-trusts-service.js';
import { badRequest, notFound } from './admin-error.js';
import { loadTenant, type AdminContext } from './admin-context.js';
import { bodyObject, optionalString, param, requiredString } from './request-input.js';

/** A trust as the admin API shows it. */
export function trustView(t: TrustInfo): Record<string, unknown> {
  return {
    id: t.id,
    clientId: t.id,
    name: t.name,
    kind: t.kind,
    issuer: t.issuer,
    subject: t.subject,
    audience: t.audience,
    tenantClaim: t.tenantClaim,
    algorithm: t.algorithm,
    jwksUrl: t.jwksUrl,
    createdAt: t.createdAt.toISOString(),
    expiresAt: null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    active: t.active,
    state: t.active ? 'active' : 'revoked',
  };
}

/** Adds the trust routes under `api/tenants/:tenantId/trusts`. */
export function mountTrustRoutes(router: Router, context: AdminContext, trusts: FederatedTrustsService): void {
  router.get('/api/tenants/:tenantId/trusts', async (req, res) => {
    const tenant = await loadTenant(context, req);
    res.json({ tokenEndpoint: `${context.scimBaseUrl(req)}/${tenant.id}/oauth/token`, trusts: (await trusts.list(tenant.id)).map(trustView) });
  });

  router.post('/api/tenants/:tenantId/trusts', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const body = bodyObject(req);
    const jwksUrl = optionalString(body, 'jwksUrl', 1000);
    const jwks = body.jwks;
    const tenantClaim = optionalString(body, 'tenantClaim', 200);
    const algorithm = optionalString(body, 'algorithm', 10);
    let trust: TrustInfo | undefined;
    try {
      trust = await trusts.create(tenant.id, {
        name: requiredString(body, 'name', 100),
        issuer: requiredString(body, 'issuer', 1000),
        subject: requiredString(body, 'subject', 1000),
        audience: requiredString(body, 'audience', 1000),
        ...(tenantClaim ? { tenantClaim } : {}),
        ...(algorithm ? { algorithm } : {}),
        ...(jwksUrl !== undefined ? { jwksUrl } : {}),
        ...(jwks !== undefined && jwks !== null && jwks !== '' ? { jwks: typeof jwks === 'string' ? parseJwks(jwks) : jwks } : {}),
      }, context.auditActor(req));
    } catch (error) {
      if (error instanceof TypeError) throw badRequest(error.message, /JWKS|keys/.test(error.message) ? 'jwks' : /algorithm/.test(error.message) ? 'algorithm' : 'body');
      throw error;
    }
    if (!trust) throw notFound(`No tenant "${tenant.id}".`, 'tenantId');
    context.logger.info('admin created a federation trust', { tenantId: tenant.id, trustId: trust.id });
    res.status(201).json({ trust: trustView(trust), tokenEndpoint: `${context.scimBaseUrl(req)}/${tenant.id}/oauth/token` });
  });

  router.post('/api/tenants/:tenantId/trusts/:trustId/revoke', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const trustId = param(req, 'trustId');
    if (!(await trusts.revoke(tenant.id, trustId, context.auditActor(req)))) throw notFound(`No trust "${trustId}" in tenant "${tenant.id}".`, 'trustId');
    context.logger.info('admin revoked a federation trust', { tenantId: tenant.id, trustId });
    const trust = (await trusts.list(tenant.id)).find((t) => t.id === trustId);
    res.json({ trust: trust ? trustView(trust) : { id: trustId, state: 'revoked' } });
  });
}

/** A JWKS pasted as text. */
function parseJwks(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('The pasted JWKS is not JSON.', 'jwks');
  }
}
