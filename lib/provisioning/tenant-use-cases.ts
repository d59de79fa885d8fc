/**
 * The use cases of one tenant's schema: its registry (core, Enterprise User, the host's extensions and the
 * tenant's own) and everything derived from it (validator, projector, dialect normaliser), built once per tenant
 * schema version and kept by the directory instance, never at module level.
 */
import type { ResolvedOptions } from '../options.js';
import { createRequestNormalizer } from '../scim/dialects/request-normalizer.js';
import { createProjector } from '../scim/list/projection.js';
import type { ExtensionSchema } from '../scim/schema/extension-schema.js';
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import { createResourceValidator } from '../scim/schema/resource-validator.js';
import { createTenantRegistry } from '../scim/schema/tenant-registry.js';
import type { StatementSettings } from '../store/statement-limits.js';
import { listTenantSchemaRows } from '../store/tenant-schemas-store.js';
import type { Tenant } from '../tenants/types.js';
import { BulkService } from './bulk/bulk-service.js';
import type { CursorCodec } from './cursor-codec.js';
import type { BulkSupport } from './service-provider-config.js';
import { DiscoveryService } from './discovery-service.js';
import { GroupsService } from './groups-service.js';
import type { RequestNormalizer } from './normalize.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import { searchAll } from './root-search.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';
import { storedExtensions } from './tenant-schemas.js';
import { UsersService } from './users-service.js';

/** The use cases bound to one registry. */
export interface TenantUseCases {
  readonly deps: ProvisioningDeps;
  readonly users: UsersService;
  readonly groups: GroupsService;
  readonly bulk: BulkService;
  readonly discovery: DiscoveryService;
  searchAll(request: ScimRequest): Promise<ScimResponse>;
}

/** What every tenant's use cases share. */
export interface UseCaseParts {
  readonly options: ResolvedOptions;
  /** The directory's way of running statements outside a transaction (one set of prepared-statement names per directory). */
  readonly statements: StatementSettings;
  readonly cursors: CursorCodec;
  readonly bulk: BulkSupport | undefined;
  readonly normalize: ((registry: SchemaRegistry) => RequestNormalizer) | undefined;
  readonly committed: (() => void) | undefined;
  /** Whether a tenant has a live OAuth client or trust, for `authenticationSchemes`. */
  readonly acceptsOAuthClients: ((tenantId: string) => Promise<boolean>) | undefined;
  /** The resolver every deps object carries, so readers holding the default deps can reach a tenant's. */
  readonly forTenant: (tenant: Tenant) => Promise<ProvisioningDeps>;
}

/** Builds the use cases over `registry`. */
export function buildUseCases(registry: SchemaRegistry, parts: UseCaseParts, bulkDefault: (options: ResolvedOptions) => BulkSupport): TenantUseCases {
  const { options } = parts;
  const deps: ProvisioningDeps = {
    knex: options.knex,
    options,
    statements: parts.statements,
    registry,
    validator: createResourceValidator(registry),
    projector: createProjector(registry),
    normalize: parts.normalize ? parts.normalize(registry) : createRequestNormalizer(registry),
    cursors: parts.cursors,
    forTenant: parts.forTenant,
    ...(parts.committed ? { committed: parts.committed } : {}),
  };
  const users = new UsersService(deps);
  const groups = new GroupsService(deps);
  const bulk = new BulkService(deps, { users, groups }, parts.bulk ?? bulkDefault(options));
  const discovery = new DiscoveryService(
    registry,
    {
      maxResults: options.maxPageSize,
      bulk: bulk.limits,
      pagination: { defaultPageSize: options.defaultPageSize, maxPageSize: options.maxPageSize, cursorTimeout: parts.cursors.timeoutSeconds },
    },
    parts.acceptsOAuthClients,
  );
  return { deps, users, groups, bulk, discovery, searchAll: (request) => searchAll(deps, request) };
}

/** At most this many tenants' use cases are kept; when full the cache is emptied and refills with tenants in use. */
const MAX_CACHED_TENANTS = 1000;

/**
 * The use cases of each tenant, by schema version. A tenant with neither extensions of its own nor host
 * extensions declared for it alone uses the shared use cases of the host-wide registry, with no query.
 */
export class TenantUseCaseCache {
  private readonly cached = new Map<string, { readonly version: number; readonly useCases: Promise<TenantUseCases> }>();

  constructor(
    private readonly shared: TenantUseCases,
    private readonly options: ResolvedOptions,
    private readonly build: (registry: SchemaRegistry) => TenantUseCases,
  ) {}

  /** The use cases for `tenant` at its current schema version. */
  forTenant(tenant: Tenant): Promise<TenantUseCases> {
    const version = tenant.schemaVersion ?? 0;
    const hostOwn = this.options.schemas.some((schema) => schema.tenantId === tenant.id);
    if (version === 0 && !hostOwn) return Promise.resolve(this.shared);
    const known = this.cached.get(tenant.id);
    if (known !== undefined && known.version === version) return known.useCases;
    if (this.cached.size >= MAX_CACHED_TENANTS) this.cached.clear();
    const useCases = this.load(tenant.id).then((extensions) => this.build(createTenantRegistry(extensions)));
    // A failed load is forgotten, so the next request tries again.
    useCases.catch(() => this.cached.delete(tenant.id));
    this.cached.set(tenant.id, { version, useCases });
    return useCases;
  }

  /** Host-wide extensions, then the host's for this tenant, then the tenant's own. */
  private async load(tenantId: string): Promise<ExtensionSchema[]> {
    const stored = storedExtensions(await listTenantSchemaRows(this.options.knex, tenantId, { timeoutMs: this.options.statementTimeoutMs }), this.options.logger);
    return [...this.options.schemas.filter((schema) => schema.tenantId === undefined), ...this.options.schemas.filter((schema) => schema.tenantId === tenantId), ...stored];
  }
}
