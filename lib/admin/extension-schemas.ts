/**
 * The extension schemas a resource of a tenant may carry (enterprise, the host's, the tenant's own), for the admin
 * UI's user and group pages, which show each extension's attributes under its schema's name and in its order.
 */
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import type { ResourceTypeName, SchemaDefinition } from '../scim/schema/types.js';
import type { Tenant } from '../tenants/types.js';
import type { AdminContext } from './admin-context.js';

/** The extension schemas of `type` in `registry`, in the resource type's order. */
export function extensionSchemasOf(registry: SchemaRegistry, type: ResourceTypeName): SchemaDefinition[] {
  return registry
    .resourceType(type)
    .schemaExtensions.map((extension) => registry.schema(extension.schema))
    .filter((schema): schema is SchemaDefinition => schema !== undefined);
}

/** The extension schemas of `type` for `tenant` (its own registry when it has extensions of its own). */
export async function tenantExtensionSchemas(context: AdminContext, tenant: Tenant, type: ResourceTypeName): Promise<SchemaDefinition[]> {
  const { registry } = (await context.provisioning.forTenant?.(tenant)) ?? context.provisioning;
  return extensionSchemasOf(registry, type);
}
