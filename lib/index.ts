/**
 * scim-directory: an embeddable SCIM 2.0 service provider. This module is the only public entry point.
 */
export { createScimDirectory, type ScimDirectory } from './directory.js';
export type { ScimDirectoryOptions, ResolvedOptions } from './options.js';
export type { ScimLogger } from './logger.js';
export { TenantsService, type Verification } from './tenants/tenants-service.js';
export type { Tenant, CredentialInfo, IssuedCredential } from './tenants/types.js';
export type { TenantSettings, GroupPatchResponse } from './tenants/tenant-settings.js';
export { ScimError, type ScimType, type ScimErrorBody } from './scim/errors.js';
export { migrationSource, MIGRATIONS_TABLE } from './store/migration-source.js';
