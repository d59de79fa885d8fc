/**
 * The provisioning use cases a directory instance offers, built once per instance.
 */
import type { ResolvedOptions } from '../options.js';
import { createProjector } from '../scim/list/projection.js';
import { createSchemaRegistry } from '../scim/schema/registry.js';
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import { createResourceValidator } from '../scim/schema/resource-validator.js';
import type { TenantsService } from '../tenants/tenants-service.js';
import { createRequestNormalizer } from '../scim/dialects/request-normalizer.js';
import type { RequestNormalizer } from './normalize.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import { searchAll } from './root-search.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';
import type { BulkSupport } from './service-provider-config.js';
import { defaultBulkSupport } from './bulk/bulk-limits.js';
import { BulkService } from './bulk/bulk-service.js';
import { CursorCodec } from './cursor-codec.js';
import { DiscoveryService } from './discovery-service.js';
import { GroupsService } from './groups-service.js';
import { UsersService } from './users-service.js';

/** Everything the SCIM routes and the admin API call into. */
export interface ProvisioningServices {
  readonly options: ResolvedOptions;
  readonly tenants: TenantsService;
  /** The schemas and resource types this directory serves. */
  readonly registry: SchemaRegistry;
  /** `/Users`. */
  readonly users: UsersService;
  /** `/Groups`. */
  readonly groups: GroupsService;
  /** `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`. */
  readonly discovery: DiscoveryService;
  /** `POST /.search` over users and groups. */
  searchAll(request: ScimRequest): Promise<ScimResponse>;
  /** `POST /Bulk` (RFC 7644 §3.7). */
  readonly bulk: BulkService;
  /** What the use cases are built on, for other readers of the directory (the host's read API). */
  readonly deps: ProvisioningDeps;
}

/** Optional parts of the use cases; the defaults serve plain RFC 7643/7644. */
export interface ProvisioningParts {
  /**
   * Runs on every request body before validation (IDP dialects, DESIGN.md §5). Default: the dialect rules of
   * `scim/dialects`; pass `identityNormalizer` for strict RFC 7643/7644 only.
   */
  readonly normalize?: RequestNormalizer;
  /** Default: core User + Enterprise User, and Group. */
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

/** Builds the use cases for a directory instance. */
export function createProvisioningServices(options: ResolvedOptions, tenants: TenantsService, parts: ProvisioningParts = {}): ProvisioningServices {
  const registry = parts.registry ?? createSchemaRegistry();
  const deps: ProvisioningDeps = {
    knex: options.knex,
    options,
    registry,
    validator: createResourceValidator(registry),
    projector: createProjector(registry),
    normalize: parts.normalize ?? createRequestNormalizer(registry),
    cursors: new CursorCodec(options.knex, parts.cursorTimeoutSeconds ?? DEFAULT_CURSOR_TIMEOUT_SECONDS),
    ...(parts.committed ? { committed: parts.committed } : {}),
  };
  const users = new UsersService(deps);
  const groups = new GroupsService(deps);
  const bulk = new BulkService(deps, { users, groups }, parts.bulk ?? defaultBulkSupport(options));
  return {
    options,
    tenants,
    registry,
    users,
    groups,
    bulk,
    discovery: new DiscoveryService(
      registry,
      {
        maxResults: options.maxPageSize,
        bulk: bulk.limits,
        pagination: { defaultPageSize: options.defaultPageSize, maxPageSize: options.maxPageSize, cursorTimeout: deps.cursors.timeoutSeconds },
      },
      parts.acceptsOAuthClients,
    ),
    searchAll: (request) => searchAll(deps, request),
    deps,
  };
}
