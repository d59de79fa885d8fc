/**
 * The admin router: the admin JSON API under `api/` and the admin UI's static files, behind whatever
 * authorisation the host puts in front of it. Every state change needs the CSRF header; every response carries a
 * strict Content-Security-Policy.
 */
import express, { type Request, type Router } from 'express';
import type { EventLogWriter } from '../eventlog/event-log-writer.js';
import type { HealthService } from '../health/health-service.js';
import type { ResolvedOptions } from '../options.js';
import type { ProvisioningDeps } from '../provisioning/provisioning-deps.js';
import type { FederatedTrustsService } from '../tenants/federated-trusts-service.js';
import type { OAuthClientsService } from '../tenants/oauth-clients-service.js';
import type { TenantsService } from '../tenants/tenants-service.js';
import { AdminError, adminErrorHandler } from './admin-error.js';
import type { AdminContext } from './admin-context.js';
import { auditActorOf } from './audit-actor.js';
import { mountAuditRoutes } from './audit-routes.js';
import { mountCredentialRoutes } from './credentials-routes.js';
import { requireCsrfToken } from './csrf.js';
import { mountEventRoutes } from './events-routes.js';
import { mountGroupRoutes } from './groups-routes.js';
import { mountHealthRoutes } from './health-routes.js';
import { mountHeldChangesRoutes } from './held-changes-routes.js';
import { mountOAuthClientRoutes } from './oauth-clients-routes.js';
import { mountTrustRoutes } from './trusts-routes.js';
import { securityHeaders } from './security-headers.js';
import { mountSessionRoute } from './session-route.js';
import { defaultUiDirectory, mountStaticUi } from './static-ui.js';
import { mountSchemaRoutes } from './schemas-routes.js';
import { mountTenantRoutes } from './tenants-routes.js';
import { TenantSchemas } from '../provisioning/tenant-schemas.js';
import { mountUserRoutes } from './users-routes.js';
import type { WebhooksService } from '../webhooks/webhooks-service.js';
import { mountWebhookRoutes } from './webhooks-routes.js';
import { mountRoleMappingRoutes } from './role-mappings-routes.js';
import { mountDeclaredValueRoutes } from './declared-values-routes.js';
import { RoleMappings } from '../provisioning/role-mappings.js';
import { TenantDeclaredValues } from '../provisioning/tenant-declared-values.js';

/** What the admin router is built from. */
export interface AdminRouterParts {
  readonly options: ResolvedOptions;
  readonly tenants: TenantsService;
  /** The tenants' OAuth clients; absent: the client routes are not served. */
  readonly oauthClients?: OAuthClientsService;
  /** The tenants' federation trusts; absent: the trust routes are not served. */
  readonly trusts?: FederatedTrustsService;
  readonly eventLog: EventLogWriter;
  /** The provisioning use cases' dependencies: an administrator's removal runs the SCIM delete's sequence. */
  readonly provisioning: ProvisioningDeps;
  /**
   * Where the host mounts the SCIM router, used for SCIM URLs shown to administrators when `publicUrl` is not set
   * (then the admin request's protocol and host are used). Default `/scim`.
   */
  readonly scimMountPath?: string;
  /** Tenants' health and request charts (`api/health`, `api/tenants/:id/health`); without it those routes are absent. */
  readonly health?: HealthService;
  /** Tenants' webhook endpoints and delivery logs (`api/tenants/:id/webhooks`); without it those routes are absent. */
  readonly webhooks?: WebhooksService;
  /** Groups mapped to roles; default: built from `provisioning` and the tenants' audit trail. */
  readonly roleMappings?: RoleMappings;
  /** Roles and entitlements declared per tenant; default: built from the options and the audit trail. */
  readonly declaredValues?: TenantDeclaredValues;
  /** The compiled admin UI; default `dist/admin-ui` of this package. */
  readonly uiDirectory?: string;
}

/** Builds the admin router. */
export function createAdminRouter(parts: AdminRouterParts): Router {
  const { options } = parts;
  const mount = (parts.scimMountPath ?? '/scim').replace(/\/+$/, '');
  const context: AdminContext = {
    knex: options.knex,
    logger: options.logger,
    tenants: parts.tenants,
    eventLog: parts.eventLog,
    provisioning: parts.provisioning,
    scimBaseUrl: (req: Request) => options.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${mount}`,
    auditActor: auditActorOf(options.auditPrincipal, options.logger),
  };
  const router = express.Router();
  router.use(securityHeaders);
  const api = express.Router();
  api.use(express.json({ limit: '64kb' }), requireCsrfToken);
  mountSessionRoute(api);
  if (parts.health) mountHealthRoutes(api, context, parts.health);
  mountTenantRoutes(api, context);
  mountCredentialRoutes(api, context);
  if (parts.oauthClients) mountOAuthClientRoutes(api, context, parts.oauthClients);
  if (parts.trusts) mountTrustRoutes(api, context, parts.trusts);
  mountSchemaRoutes(api, context, new TenantSchemas(options, parts.tenants));
  mountUserRoutes(api, context);
  mountGroupRoutes(api, context);
  mountHeldChangesRoutes(api, context);
  const declared = parts.declaredValues ?? new TenantDeclaredValues(options, options.knex, parts.tenants.audit);
  mountRoleMappingRoutes(api, context, parts.roleMappings ?? new RoleMappings(parts.provisioning, parts.tenants.audit), declared);
  mountDeclaredValueRoutes(api, context, declared);
  mountEventRoutes(api, context);
  mountAuditRoutes(api, context);
  if (parts.webhooks) mountWebhookRoutes(api, context, parts.webhooks);
  api.use('/api', (req) => {
    throw new AdminError(404, 'not_found', `No admin API endpoint ${req.method} api${req.path}.`);
  });
  api.use(adminErrorHandler(options.logger));
  router.use(api);
  mountStaticUi(router, parts.uiDirectory ?? defaultUiDirectory());
  return router;
}
