/**
 * The registry of one tenant: the core schemas and the Enterprise User extension, plus the extension schemas the
 * host declared and the tenant's administrator defined. Validation, discovery, filters, projection and SQL all ask
 * it, so an extension attribute is handled exactly like a core one.
 */
import type { ExtensionSchema } from './extension-schema.js';
import { createSchemaRegistry } from './registry.js';
import type { SchemaRegistry } from './registry-types.js';
import { enterpriseUserSchema } from './enterprise-user-schema.js';
import { groupSchema } from './group-schema.js';
import { groupResourceType, userResourceType } from './resource-types.js';
import type { ResourceTypeDefinition } from './types.js';
import { userSchema } from './user-schema.js';

/** A new registry holding `extensions` besides the defaults; of two extensions with one URN the first is kept. */
export function createTenantRegistry(extensions: readonly ExtensionSchema[]): SchemaRegistry {
  const seen = new Set<string>();
  const kept = extensions.filter((extension) => {
    const key = extension.schema.id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const extend = (base: ResourceTypeDefinition): ResourceTypeDefinition => ({
    ...base,
    schemaExtensions: [
      ...base.schemaExtensions,
      ...kept.filter((extension) => extension.resourceType === base.name).map((extension) => ({ schema: extension.schema.id, required: false })),
    ],
  });
  return createSchemaRegistry({
    schemas: [userSchema, enterpriseUserSchema, groupSchema, ...kept.map((extension) => extension.schema)],
    resourceTypes: [extend(userResourceType), extend(groupResourceType)],
  });
}
