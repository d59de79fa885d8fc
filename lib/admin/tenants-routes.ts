/**
 * Admin API: tenants (list, create with its first token shown once, read, rename, enable/disable, delete after
 * typed confirmation), their status panel and their settings.
 */
import type { Router } from 'express';
import { countDirectory } from '../store/directory-counts.js';
import { eventActivity } from '../store/event-log-store.js';
import { AdminError, badRequest } from './admin-error.js';
import { loadTenant, tenantScimUrl, tenantView, type AdminContext } from './admin-context.js';
import { credentialView } from './credentials-routes.js';
import { bodyObject, requiredString } from './request-input.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Adds the tenant routes under `api/tenants`. */
export function mountTenantRoutes(router: Router, context: AdminContext): void {
  router.get('/api/tenants', async (req, res) => {
    const tenants = await context.tenants.list();
    res.json({ tenants: tenants.map((t) => tenantView(context, req, t)) });
  });

  router.post('/api/tenants', async (req, res) => {
    const name = requiredString(bodyObject(req), 'name');
    const { tenant, credential } = await context.tenants.create(name, context.auditActor(req));
    context.logger.info('admin created a tenant', { tenantId: tenant.id });
    res.status(201).json({ tenant: tenantView(context, req, tenant), credential: credentialView(credential.credential), token: credential.token });
  });

  router.get('/api/tenants/:tenantId', async (req, res) => {
    res.json({ tenant: tenantView(context, req, await loadTenant(context, req)) });
  });

  router.patch('/api/tenants/:tenantId', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const body = bodyObject(req);
    for (const key of Object.keys(body)) {
      if (key !== 'name' && key !== 'enabled') throw badRequest(`Unknown field "${key}": a tenant's name and enabled can be changed.`, key);
    }
    if (body.name !== undefined) await context.tenants.rename(tenant.id, requiredString(body, 'name'), context.auditActor(req));
    if (body.enabled !== undefined) {
      if (typeof body.enabled !== 'boolean') throw badRequest('"enabled" must be true or false.', 'enabled');
      await context.tenants.setEnabled(tenant.id, body.enabled, context.auditActor(req));
      context.logger.info(`admin ${body.enabled ? 'enabled' : 'disabled'} a tenant`, { tenantId: tenant.id });
    }
    res.json({ tenant: tenantView(context, req, (await context.tenants.get(tenant.id)) ?? tenant) });
  });

  router.delete('/api/tenants/:tenantId', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const confirm = bodyObject(req).confirm;
    if (confirm !== tenant.name) {
      throw new AdminError(
        400,
        'confirmation_required',
        `Deleting tenant "${tenant.name}" removes its users, groups, tokens and event log for good. Send {"confirm": "<the tenant's name>"} to confirm.`,
        'confirm',
      );
    }
    await context.eventLog.flush();
    await context.tenants.delete(tenant.id, context.auditActor(req));
    context.logger.info('admin deleted a tenant', { tenantId: tenant.id });
    res.status(204).end();
  });

  router.get('/api/tenants/:tenantId/status', async (req, res) => {
    const tenant = await loadTenant(context, req);
    await context.eventLog.flush();
    const [counts, activity] = await Promise.all([countDirectory(context.knex, tenant.id), eventActivity(context.knex, tenant.id, new Date(Date.now() - DAY_MS))]);
    const credentials = await context.tenants.listCredentials(tenant.id);
    res.json({
      tenantId: tenant.id,
      enabled: tenant.enabled,
      scimUrl: tenantScimUrl(context, req, tenant.id),
      users: counts.users,
      activeUsers: counts.activeUsers,
      groups: counts.groups,
      activeCredentials: credentials.filter((c) => c.active).length,
      lastRequest: activity.last
        ? { at: activity.last.at.toISOString(), provider: activity.last.provider, userAgent: activity.last.userAgent, method: activity.last.method, path: activity.last.path, status: activity.last.status }
        : null,
      requestsLast24h: activity.requestsSince,
      errorsLast24h: activity.errorsSince,
    });
  });

  router.get('/api/tenants/:tenantId/settings', async (req, res) => {
    res.json({ settings: (await loadTenant(context, req)).settings });
  });

  router.patch('/api/tenants/:tenantId/settings', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const result = await context.tenants.updateSettings(tenant.id, bodyObject(req), context.auditActor(req));
    if (result === undefined) throw new AdminError(404, 'not_found', `No tenant "${tenant.id}".`, 'tenantId');
    if (typeof result === 'string') {
      // mergeTenantSettings names the key first ("eventLogSize must be …") or quoted ('unknown setting "x"').
      const field = /^unknown setting "([^"]+)"/.exec(result)?.[1] ?? result.split(' ')[0];
      throw badRequest(result, field);
    }
    if (result.eventLogSize < tenant.settings.eventLogSize) {
      // A smaller log takes effect now, not at the next request.
      await context.eventLog.flush();
      await context.eventLog.trim(tenant.id, result.eventLogSize);
    }
    res.json({ settings: result });
  });
}
