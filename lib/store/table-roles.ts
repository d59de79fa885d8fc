/**
 * Every table of the directory and its role when the schema is distributed by `tenant_id` (DESIGN.md §3, Citus):
 * the one list that `distribute.ts` acts on and that the suite's statement and catalog checks read.
 */
import { MIGRATIONS_TABLE } from './migration-source.js';

/**
 * Global tables: small, read by every tenant's requests or by no tenant at all. On Citus they become reference
 * tables (a full copy on every node), so tenant-scoped tables may hold foreign keys to them.
 */
export const REFERENCE_TABLES: readonly string[] = Object.freeze([
  'scim_tenants',
  'scim_settings',
  'scim_admin_revoked_sessions',
  'scim_webhook_feed',
  MIGRATIONS_TABLE,
  `${MIGRATIONS_TABLE}_lock`,
]);

/**
 * Tenant-scoped tables, distributed by `tenant_id` and co-located, in an order where every table a foreign key
 * points to comes before the table holding it (users before their emails, groups before their memberships). The
 * first is the co-location anchor of the others.
 */
export const TENANT_TABLES: readonly string[] = Object.freeze([
  'scim_users',
  'scim_groups',
  'scim_user_emails',
  'scim_memberships',
  'scim_credentials',
  'scim_event_log',
  'scim_changes',
  'scim_request_counts',
  'scim_oauth_clients',
  'scim_oauth_client_secrets',
  'scim_federated_trusts',
  'scim_assertion_uses',
  'scim_tenant_schemas',
  'scim_admin_audit',
  'scim_webhook_endpoints',
  'scim_webhook_deliveries',
  'scim_deprovisions',
  'scim_group_role_mappings',
  'scim_tenant_declared_values',
]);

/** The column every tenant-scoped table is distributed by. */
export const TENANT_COLUMN = 'tenant_id';

/** True for a tenant-scoped table. */
export function isTenantTable(name: string): boolean {
  return TENANT_TABLES.includes(name);
}
