/**
 * scim-directory: an embeddable SCIM 2.0 service provider. This module is the only public entry point.
 */
export { createScimDirectory, type ScimDirectory } from './directory.js';
export type { ScimDirectoryOptions, ResolvedOptions } from './options.js';
export type { ScimLogger } from './logger.js';
export { TenantsService, type Verification } from './tenants/tenants-service.js';
export type { Tenant, CredentialInfo, IssuedCredential } from './tenants/types.js';
export type { AuditAction, AuditActor, AuditEntry, AuditSource } from './tenants/admin-audit.js';
export type { TenantSettings, GroupPatchResponse } from './tenants/tenant-settings.js';
export { ScimError, type ScimType, type ScimErrorBody } from './scim/errors.js';
export { migrationSource, MIGRATIONS_TABLE } from './store/migration-source.js';
export { CitusNotInstalledError, type DistributionResult, type DistributionStep } from './store/distribute.js';
export type { DirectoryReader } from './directory-api/directory-reader.js';
export type { UsersReader } from './directory-api/users-reader.js';
export type { GroupsReader } from './directory-api/groups-reader.js';
export type {
  DirectoryCounts,
  DirectoryPage,
  EffectiveRole,
  GroupMemberRef,
  IncludeDeleted,
  IterateOptions,
  ListOptions,
  MemberPage,
  MemberPageOptions,
  MemberQueryOptions,
  QueryOptions,
  ReadOptions,
  RolePathStep,
  RoleSource,
  UserGroupRef,
} from './directory-api/read-api-types.js';
export type { ChangeFeed } from './changes/change-feed.js';
export type { FeedPage, FeedReadOptions } from './changes/feed-reader.js';
export type { ChangeRetention } from './changes/retention.js';
export type { ChangeEventOptions } from './changes/change-hub.js';
export { CHANGE_TYPES } from './changes/change-types.js';
export type {
  ChangeType,
  FeedChange,
  FeedChangeOf,
  GroupChangeData,
  MemberChangeData,
  RolesChangeData,
  ScimEventHandler,
  ScimEventMap,
  ScimEventName,
  ScimEventOf,
  UserChangeData,
} from './changes/change-types.js';
export { WebhooksService, WebhookKeyMissingError, type NewWebhookEndpoint, type WebhookEndpointUpdate } from './webhooks/webhooks-service.js';
export type { WebhookEndpoint, WebhookDelivery } from './webhooks/webhook-views.js';
export type { WebhookOptions } from './webhooks/webhook-options.js';
export type { WebhookPayload } from './webhooks/webhook-payload.js';
export { exponentialBackoff, type RetrySchedule, type BackoffShape } from './webhooks/retry-schedule.js';
export type { DeliveryRound } from './webhooks/delivery-worker.js';
export type { ScimHooks, WriteHook, WriteHookContext, WriteHookResult } from './host-hooks.js';
