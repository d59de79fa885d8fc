/**
 * The provisioning use cases a directory instance offers, built once per instance.
 */
import type { ResolvedOptions } from '../options.js';
import type { TenantsService } from '../tenants/tenants-service.js';

/** Everything the SCIM routes and the admin API call into. */
export interface ProvisioningServices {
  readonly options: ResolvedOptions;
  readonly tenants: TenantsService;
}

/** Builds the use cases for a directory instance. */
export function createProvisioningServices(options: ResolvedOptions, tenants: TenantsService): ProvisioningServices {
  return { options, tenants };
}
