/**
 * The provisioning use cases a directory instance offers, built once per instance; each request runs on the use
 * cases of its tenant's schema (tenant-use-cases.ts).
 */
import type { ResolvedOptions } from '../options.js';
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import { createTenantRegistry } from '../scim/schema/tenant-registry.js';
import { StatementNames } from '../store/named-statements.js';
import type { StatementSettings } from '../store/statement-limits.js';
import type { TenantsService } from '../tenants/tenants-service.js';
import type { Tenant } from '../tenants/types.js';
import type { RequestNormalizer } from './normalize.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';
import type { BulkSupport } from './service-provider-config.js';
import { defaultBulkSupport } from './bulk/bulk-limits.js';
import { CursorCodec } from './cursor-codec.js';
import type { DiscoveryService } from './discovery-service.js';
import { buildUseCases, TenantUseCaseCache, type TenantUseCases } from './tenant-use-cases.js';
import { TenantSchemas } from './tenant-schemas.js';
import type { UsersService } from './users-service.js';

/** The endpoints of `/Users` or `/Groups`, each run on the use cases of the request's tenant. */
export type ResourceUseCases = Pick<UsersService, 'create' | 'list' | 'search' | 'get' | 'replace' | 'patch' | 'delete'>;

/** `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` of the request's tenant. */
export type DiscoveryUseCases = { readonly [K in 'serviceProviderConfig' | 'resourceTypes' | 'resourceType' | 'schemas' | 'schema']: (request: ScimRequest, name?: string) => Promise<ScimResponse> };

/** Everything the SCIM routes and the admin API call into. */
export interface ProvisioningServices {
  readonly options: ResolvedOptions;
  readonly tenants: TenantsService;
  /** The schemas and resource types of a tenant without extensions of its own. */
  readonly registry: SchemaRegistry;
  /** `/Users`. */
  readonly users: ResourceUseCases;
  /** `/Groups`. */
  readonly groups: ResourceUseCases;
  /** `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`. */
  readonly discovery: DiscoveryUseCases;
  /** `POST /.search` over users and groups. */
  searchAll(request: ScimRequest): Promise<ScimResponse>;
  /** `POST /Bulk` (RFC 7644 §3.7). */
  readonly bulk: { readonly limits: BulkSupport; run(request: ScimRequest): Promise<ScimResponse> };
  /** What the use cases are built on, for other readers of the directory (the host's read API). */
  readonly deps: ProvisioningDeps;
  /** The use cases of a tenant's schema. */
  forTenant(tenant: Tenant): Promise<TenantUseCases>;
  /** Tenants' own extension schemas: define, list, remove. */
  readonly schemas: TenantSchemas;
}

/** Optional parts of the use cases; the defaults serve plain RFC 7643/7644. */
export interface ProvisioningParts {
  /**
   * Runs on every request body before validation (IDP dialects, DESIGN.md §5). Default: the dialect rules of
   * `scim/dialects`; pass `identityNormalizer` for strict RFC 7643/7644 only.
   */
  readonly normalize?: RequestNormalizer;
  /** Default: core User + Enterprise User, and Group, with the host's extension schemas for every tenant. */
  readonly registry?: SchemaRegistry;
  /** How long a list cursor (RFC 9865) is accepted after it was issued, in seconds. Default 3600. */
  readonly cursorTimeoutSeconds?: number;
  /** Limits of the Bulk endpoint; default 1000 operations and the router's body limit (bulk/bulk-limits.ts). */
  readonly bulk?: BulkSupport;
  /** Told after each write transaction commits (the change events' wake-up). */
  readonly committed?: () => void;
  /** Whether a tenant has a live OAuth client, for `authenticationSchemes`; absent: only bearer tokens are listed. */
  readonly acceptsOAuthClients?: (tenantId: string) => Promise<boolean>;
}

/** Default `cursorTimeout` (RFC 9865 §4): an hour, long enough to walk a million users page by page. */
export const DEFAULT_CURSOR_TIMEOUT_SECONDS = 3600;

/** The directory's statement timeout and, unless turned off, its own prepared-statement names. */
function statementSettings(options: ResolvedOptions): StatementSettings {
  if (!options.preparedStatements) return { timeoutMs: options.statementTimeoutMs };
  const names = new StatementNames((error) =>
    options.logger.warn('prepared statements turned off: the database connection does not keep them (a pooler in transaction mode?)', {
      detail: error instanceof Error ? error.message : String(error),
    }),
  );
  return { timeoutMs: options.statementTimeoutMs, names };
}

/** Builds the use cases for a directory instance. */
export function createProvisioningServices(options: ResolvedOptions, tenants: TenantsService, parts: ProvisioningParts = {}): ProvisioningServices {
  const registry = parts.registry ?? createTenantRegistry(options.schemas.filter((schema) => schema.tenantId === undefined));
  const useCaseParts = {
    options,
    statements: statementSettings(options),
    cursors: new CursorCodec(options.knex, parts.cursorTimeoutSeconds ?? DEFAULT_CURSOR_TIMEOUT_SECONDS),
    bulk: parts.bulk,
    // A normaliser passed in is the host's seam for every tenant's schema.
    normalize: parts.normalize ? () => parts.normalize as RequestNormalizer : undefined,
    committed: parts.committed,
    acceptsOAuthClients: parts.acceptsOAuthClients,
    forTenant: async (tenant: Tenant) => (await cache.forTenant(tenant)).deps,
  };
  const build = (tenantRegistry: SchemaRegistry): TenantUseCases => buildUseCases(tenantRegistry, useCaseParts, defaultBulkSupport);
  const shared = build(registry);
  const cache: TenantUseCaseCache = new TenantUseCaseCache(shared, options, build);
  const of = (request: ScimRequest): Promise<TenantUseCases> => cache.forTenant(request.tenant);
  const resource = (pick: (useCases: TenantUseCases) => UsersService | TenantUseCases['groups']): ResourceUseCases => ({
    create: async (request) => pick(await of(request)).create(request),
    list: async (request) => pick(await of(request)).list(request),
    search: async (request) => pick(await of(request)).search(request),
    get: async (request, id) => pick(await of(request)).get(request, id),
    replace: async (request, id) => pick(await of(request)).replace(request, id),
    patch: async (request, id) => pick(await of(request)).patch(request, id),
    delete: async (request, id) => pick(await of(request)).delete(request, id),
  });
  const discovery = (call: (service: DiscoveryService, request: ScimRequest, name: string) => ScimResponse | Promise<ScimResponse>) => async (request: ScimRequest, name = '') =>
    call((await of(request)).discovery, request, name);
  return {
    options,
    tenants,
    registry,
    users: resource((useCases) => useCases.users),
    groups: resource((useCases) => useCases.groups),
    bulk: { limits: shared.bulk.limits, run: async (request) => (await of(request)).bulk.run(request) },
    discovery: {
      serviceProviderConfig: discovery((service, request) => service.serviceProviderConfig(request)),
      resourceTypes: discovery((service, request) => service.resourceTypes(request)),
      resourceType: discovery((service, request, name) => service.resourceType(request, name)),
      schemas: discovery((service, request) => service.schemas(request)),
      schema: discovery((service, request, urn) => service.schema(request, urn)),
    },
    searchAll: async (request) => (await of(request)).searchAll(request),
    deps: shared.deps,
    forTenant: (tenant) => cache.forTenant(tenant),
    schemas: new TenantSchemas(options, tenants),
  };
}
