/**
 * `createScimDirectory`: the one object a host application holds. It validates options and does no I/O; the host
 * calls `migrate()`, mounts `scimRouter` and `adminRouter`, reads the directory (`directory`, `changes`) and
 * subscribes to events (`on`).
 */
import type { Router } from 'express';
import { resolveOptions, type ResolvedOptions, type ScimDirectoryOptions } from './options.js';
import { createScimRouter } from './http/scim-router.js';
import { mountScimRoutes } from './http/routes/index.js';
import { createProvisioningServices, type ProvisioningServices } from './provisioning/services.js';
import { migrateToLatest } from './store/migration-source.js';
import { distribute, type DistributionResult } from './store/distribute.js';
import { TenantsService } from './tenants/tenants-service.js';
import { OAuthClientsService } from './tenants/oauth-clients-service.js';
import { FederatedTrustsService } from './tenants/federated-trusts-service.js';
import { JwksFetcher } from './tenants/jwks-fetcher.js';
import { newTrustId } from './tenants/secrets.js';
import { createTokenEndpoint } from './http/oauth/token-endpoint.js';
import { hasLiveClient } from './store/oauth-clients-store.js';
import { hasLiveTrust } from './store/federated-trusts-store.js';
import type { TenantSchemas } from './provisioning/tenant-schemas.js';
import { RoleMappings } from './provisioning/role-mappings.js';
import { TenantDeclaredValues } from './provisioning/tenant-declared-values.js';
import { createAdminRouter } from './admin/admin-router.js';
import { EventLogWriter } from './eventlog/event-log-writer.js';
import { createEventLogCapture } from './http/event-log-capture.js';
import { detectProviderName } from './scim/dialects/provider-detection.js';
import { ChangeHub } from './changes/change-hub.js';
import { createChangeFeed, type ChangeFeed } from './changes/change-feed.js';
import type { ScimEventHandler, ScimEventName } from './changes/change-types.js';
import { createDirectoryReader, type DirectoryReader } from './directory-api/directory-reader.js';
import type { Registry } from 'prom-client';
import { createMonitoring } from './health/monitoring.js';
import { WebhooksService } from './webhooks/webhooks-service.js';

/** A SCIM directory mounted in a host application. */
export interface ScimDirectory {
  /**
   * Serves `/<tenant-id>/v2/...` under whatever prefix the host mounts it (`app.use('/scim', scim.scimRouter)`).
   * Middleware and routes the host adds to it (`scimRouter.use(...)`, `.all`, `.get`, …) run before the SCIM
   * endpoints; an error they pass on is answered with a SCIM error body.
   */
  readonly scimRouter: Router;
  /** The admin JSON API and admin UI; the host puts its own authorisation in front of it. */
  readonly adminRouter: Router;
  /** Tenants and their credentials. */
  readonly tenants: TenantsService;
  /** The tenants' OAuth clients (client credentials grant at `<mount>/<tenant-id>/oauth/token`). */
  readonly oauthClients: OAuthClientsService;
  /** The tenants' workload identity federation trusts (client assertions at the same token endpoint). */
  readonly trusts: FederatedTrustsService;
  /** Tenants' own extension schemas (what the admin API and `scim-directory schemas` change): add, list, remove. */
  readonly schemas: TenantSchemas;
  /** Tenants' groups mapped to roles (what the admin API changes): list, add, remove; changes are audited. */
  readonly roleMappings: RoleMappings;
  /** Roles and entitlements declared for one tenant beside the `roles` and `entitlements` options. */
  readonly declaredValues: TenantDeclaredValues;
  /** The validated options. */
  readonly options: ResolvedOptions;
  /** The host's read API: users and groups of a tenant as SCIM documents, memberships, counts. */
  readonly directory: DirectoryReader;
  /** The durable change feed: read it with a cursor and lose nothing across restarts. */
  readonly changes: ChangeFeed;
  /**
   * Tenants' webhook endpoints, their delivery logs, and the worker that sends deliveries from the change feed.
   * The worker runs only once started (`webhooks.startWorker()`; the standalone server starts it) and stops on
   * `close()`.
   */
  readonly webhooks: WebhooksService;
  /**
   * Subscribes to a change type (`user.deactivated`, …) or `*`; the handler runs after the change committed, on
   * this instance, whichever instance made it. Returns the unsubscribe function. Best-effort: see docs/embedding.md.
   */
  on<K extends ScimEventName>(name: K, handler: ScimEventHandler<K>): () => void;
  /** Removes a handler added with {@link ScimDirectory.on}. */
  off<K extends ScimEventName>(name: K, handler: ScimEventHandler<K>): void;
  /** Resolves once events flow (feed position taken, LISTEN connection tried); changes committed after it are heard. */
  eventsReady(): Promise<void>;
  /**
   * This directory's Prometheus metrics (prom-client), a registry of its own: serve `await metrics.metrics()` with
   * `metrics.contentType`, or merge it into the host's registry. The standalone server serves it at `/metrics`.
   */
  readonly metrics: Registry;
  /** Runs the directory's migrations (own table `scim_migrations`); idempotent. */
  migrate(): Promise<void>;
  /** Distributes the migrated schema by tenant on Citus (docs/scaling.md); throws without the `citus` extension. */
  distribute(): Promise<DistributionResult>;
  /**
   * Stops the webhook worker, flushes buffered writes (credential last-used times, event log), stops events and
   * pruning and closes the LISTEN connection. Does not close the host's knex.
   */
  close(): Promise<void>;
}

/**
 * Creates a directory. Validates `options` (a `TypeError` names the bad one) and does no I/O.
 */
export function createScimDirectory(options: ScimDirectoryOptions): ScimDirectory {
  const resolved = resolveOptions(options);
  const tenants = new TenantsService(resolved.knex, {
    verificationCacheMs: resolved.verificationCacheMs,
    lastUsedFlushMs: resolved.lastUsedFlushMs,
    onError: (error) => resolved.logger.error('writing credential last-used times failed', { error: String(error) }),
  });
  const oauthClients = new OAuthClientsService(resolved.knex, tenants, { accessTokenTtlMs: resolved.accessTokenTtlSeconds * 1000 });
  const jwks = new JwksFetcher({ allowedHosts: resolved.jwksAllowedHosts, ...(resolved.jwksCa ? { ca: resolved.jwksCa } : {}) });
  const trusts = new FederatedTrustsService(resolved.knex, tenants, jwks, resolved.jwksAllowedHosts, newTrustId);
  const hub = new ChangeHub(resolved.knex, resolved.logger, resolved.events);
  const feed = createChangeFeed(resolved.knex, resolved.changeRetention, resolved.logger);
  const webhooks = new WebhooksService(resolved.knex, tenants, resolved.webhooks, resolved.logger);
  const services: ProvisioningServices = createProvisioningServices(resolved, tenants, {
    committed: () => hub.committed(),
    acceptsOAuthClients: async (tenantId) => (await hasLiveClient(resolved.knex, tenantId)) || hasLiveTrust(resolved.knex, tenantId),
  });
  const eventLog = new EventLogWriter(resolved.knex, resolved.logger);
  const capture = createEventLogCapture({ writer: eventLog, detectProvider: detectProviderName });
  const monitoring = createMonitoring(resolved, eventLog);
  // Capture runs before the routes so it sees the response bytes; the listener records the finished request.
  const scimRouter = createScimRouter({
    options: resolved,
    tenants,
    mountRoutes: (routes) => mountScimRoutes(routes, services),
    onFinished: [capture.onFinished, monitoring.onFinished],
    beforeRoutes: [capture.captureResponse],
    rateLimiter: monitoring.rateLimiter,
    tokenEndpoint: createTokenEndpoint({ clients: oauthClients, trusts, tenants, logger: resolved.logger, recordEvent: (event) => eventLog.record(event), rateLimiter: monitoring.rateLimiter }),
  });
  const roleMappings = new RoleMappings(services.deps, tenants.audit);
  const declaredValues = new TenantDeclaredValues(resolved, resolved.knex, tenants.audit);
  const adminRouter = createAdminRouter({ options: resolved, tenants, oauthClients, trusts, eventLog, provisioning: services.deps, health: monitoring.health, webhooks, roleMappings, declaredValues });
  return Object.freeze({
    scimRouter,
    adminRouter,
    tenants,
    oauthClients,
    trusts,
    schemas: services.schemas,
    roleMappings,
    declaredValues,
    options: resolved,
    directory: createDirectoryReader(services.deps, async (tenantId) => {
      const tenant = await tenants.get(tenantId);
      return tenant && services.deps.forTenant ? services.deps.forTenant(tenant) : services.deps;
    }),
    changes: feed.feed,
    webhooks,
    on: <K extends ScimEventName>(name: K, handler: ScimEventHandler<K>) => hub.on(name, handler),
    off: <K extends ScimEventName>(name: K, handler: ScimEventHandler<K>) => hub.off(name, handler),
    eventsReady: () => hub.ready(),
    metrics: monitoring.metrics.registry,
    migrate: () => migrateToLatest(resolved.knex),
    distribute: () => distribute(resolved.knex),
    close: async () => {
      await webhooks.stopWorker();
      await Promise.all([tenants.close(), eventLog.close(), monitoring.counter.close(), hub.close(), feed.close()]);
    },
  });
}
