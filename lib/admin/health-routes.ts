/**
 * Admin API: tenants' health at a glance (`GET api/health`, every tenant, for the directory list) and one tenant's
 * health with its request charts (`GET api/tenants/:tenantId/health`). See lib/health/health-state.ts for the states.
 */
import type { Router } from 'express';
import type { HealthService } from '../health/health-service.js';
import { loadTenant, type AdminContext } from './admin-context.js';

/** Adds the health routes. */
export function mountHealthRoutes(router: Router, context: AdminContext, health: HealthService): void {
  router.get('/api/health', async (_req, res) => {
    const tenants = await context.tenants.list();
    res.json({ tenants: await health.health(tenants) });
  });

  router.get('/api/tenants/:tenantId/health', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const [[state], history] = await Promise.all([health.health([tenant]), health.history(tenant.id)]);
    res.json({ health: state, history });
  });
}
