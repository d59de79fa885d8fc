/**
 * `createScimDirectory`: the one object a host application holds. It validates options and does no I/O; the host
 * calls `migrate()` and mounts `scimRouter` and `adminRouter`.
 */
import express, { type Router } from 'express';
import { resolveOptions, type ResolvedOptions, type ScimDirectoryOptions } from './options.js';
import { createScimRouter } from './http/scim-router.js';
import { mountScimRoutes } from './http/routes/index.js';
import { createProvisioningServices, type ProvisioningServices } from './provisioning/services.js';
import { migrateToLatest } from './store/migration-source.js';
import { TenantsService } from './tenants/tenants-service.js';
import { createAdminRouter } from './admin/admin-router.js';
import { EventLogWriter } from './eventlog/event-log-writer.js';
import { createEventLogCapture } from './http/event-log-capture.js';
import { detectProviderName } from './scim/dialects/provider-detection.js';

/** A SCIM directory mounted in a host application. */
export interface ScimDirectory {
  /** Serves `/<tenant-id>/v2/...` under whatever prefix the host mounts it (`app.use('/scim', scim.scimRouter)`). */
  readonly scimRouter: Router;
  /** The admin JSON API and admin UI; the host puts its own authorisation in front of it. */
  readonly adminRouter: Router;
  /** Tenants and their credentials. */
  readonly tenants: TenantsService;
  /** The validated options. */
  readonly options: ResolvedOptions;
  /** Runs the directory's migrations (own table `scim_migrations`); idempotent. */
  migrate(): Promise<void>;
  /** Flushes buffered writes (credential last-used times, event log). Does not close the host's knex. */
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
  const services: ProvisioningServices = createProvisioningServices(resolved, tenants);
  const eventLog = new EventLogWriter(resolved.knex, resolved.logger);
  const capture = createEventLogCapture({ writer: eventLog, detectProvider: detectProviderName });
  // The capture middleware goes in front so it sees the response bytes; the listener records the finished request.
  const scimRouter = express.Router().use(
    capture.captureResponse,
    createScimRouter({
      options: resolved,
      tenants,
      mountRoutes: (tenantRouter) => mountScimRoutes(tenantRouter, services),
      onFinished: [capture.onFinished],
    }),
  );
  const adminRouter = createAdminRouter({ options: resolved, tenants, eventLog });
  return Object.freeze({
    scimRouter,
    adminRouter,
    tenants,
    options: resolved,
    migrate: () => migrateToLatest(resolved.knex),
    close: async () => {
      await Promise.all([tenants.close(), eventLog.close()]);
    },
  });
}
