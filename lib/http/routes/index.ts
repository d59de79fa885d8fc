/**
 * The SCIM endpoint routes of one tenant (`/<tenant-id>/v2/...`, RFC 7644 §3.2).
 */
import type { Router } from 'express';
import type { ProvisioningServices } from '../../provisioning/services.js';
import { mountResourceRoutes } from './resource-routes.js';

/** Adds every SCIM endpoint to the per-tenant router. */
export function mountScimRoutes(tenantRouter: Router, services: ProvisioningServices): void {
  const { options, users } = services;
  mountResourceRoutes(
    tenantRouter,
    '/Users',
    {
      create: (request) => users.create(request),
      list: (request) => users.list(request),
      search: (request) => users.search(request),
      get: (request, id) => users.get(request, id),
      replace: (request, id) => users.replace(request, id),
      patch: (request, id) => users.patch(request, id),
      delete: (request, id) => users.delete(request, id),
    },
    options,
  );
}
