/**
 * The SCIM endpoint routes of one tenant (`/<tenant-id>/v2/...`, RFC 7644 §3.2).
 */
import type { Router } from 'express';
import type { ProvisioningServices, ResourceUseCases } from '../../provisioning/services.js';
import { mountBulkRoute } from './bulk-routes.js';
import { mountDiscoveryRoutes } from './discovery-routes.js';
import { mountResourceRoutes, type ResourceEndpoint } from './resource-routes.js';

function endpointOf(service: ResourceUseCases): ResourceEndpoint {
  return {
    create: (request) => service.create(request),
    list: (request) => service.list(request),
    search: (request) => service.search(request),
    get: (request, id) => service.get(request, id),
    replace: (request, id) => service.replace(request, id),
    patch: (request, id) => service.patch(request, id),
    delete: (request, id) => service.delete(request, id),
  };
}

/** Adds every SCIM endpoint to the tenant router. */
export function mountScimRoutes(tenantRouter: Router, services: ProvisioningServices): void {
  mountResourceRoutes(tenantRouter, '/Users', endpointOf(services.users), services.options);
  mountResourceRoutes(tenantRouter, '/Groups', endpointOf(services.groups), services.options);
  mountBulkRoute(tenantRouter, services);
  mountDiscoveryRoutes(tenantRouter, services);
}
