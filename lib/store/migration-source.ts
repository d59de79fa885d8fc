/**
 * The library's migrations, shipped as a knex migration source with a table of its own (`scim_migrations`), so a
 * host can run them with its own knex next to its own migrations.
 */
import type { Knex } from 'knex';
import * as initialSchema from './migrations/0001-initial-schema.js';
import * as adminSearchIndexes from './migrations/0002-admin-search-indexes.js';
import * as changeFeedOrder from './migrations/0003-change-feed-order.js';
import * as liveRowIndexes from './migrations/0004-live-row-indexes.js';
import * as liveIdIndexes from './migrations/0005-live-id-indexes.js';
import * as emailTenantKey from './migrations/0006-email-mirror-tenant-key.js';
import * as adminRevokedSessions from './migrations/0007-admin-revoked-sessions.js';
import * as requestCounts from './migrations/0008-request-counts.js';
import * as namedCredentialsOauthClients from './migrations/0009-named-credentials-oauth-clients.js';
import * as federatedTrusts from './migrations/0010-federated-trusts.js';
import * as adminAudit from './migrations/0011-admin-audit.js';
import * as tenantSchemas from './migrations/0012-tenant-schemas.js';
import * as deprovisioningGuard from './migrations/0013-deprovisioning-guard.js';
import * as webhooks from './migrations/0014-webhooks.js';
import * as groupRoleMappings from './migrations/0015-group-role-mappings.js';

/** One migration step. */
export interface ScimMigration {
  readonly name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** The table knex records applied migrations in; its lock table is `scim_migrations_lock`. */
export const MIGRATIONS_TABLE = 'scim_migrations';

const MIGRATIONS: readonly ScimMigration[] = [
  { name: '0001-initial-schema', ...initialSchema },
  { name: '0002-admin-search-indexes', ...adminSearchIndexes },
  { name: '0003-change-feed-order', ...changeFeedOrder },
  { name: '0004-live-row-indexes', ...liveRowIndexes },
  { name: '0005-live-id-indexes', ...liveIdIndexes },
  { name: '0006-email-mirror-tenant-key', ...emailTenantKey },
  { name: '0007-admin-revoked-sessions', ...adminRevokedSessions },
  { name: '0008-request-counts', ...requestCounts },
  { name: '0009-named-credentials-oauth-clients', ...namedCredentialsOauthClients },
  { name: '0010-federated-trusts', ...federatedTrusts },
  { name: '0011-admin-audit', ...adminAudit },
  { name: '0012-tenant-schemas', ...tenantSchemas },
  { name: '0013-deprovisioning-guard', ...deprovisioningGuard },
  { name: '0014-webhooks', ...webhooks },
  { name: '0015-group-role-mappings', ...groupRoleMappings },
];

/** A knex `MigrationSource` over the library's migrations. */
export const migrationSource: Knex.MigrationSource<ScimMigration> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

/** Advisory lock key that serialises migrations of instances sharing one PostgreSQL ("scimdir" in ASCII). */
const MIGRATION_LOCK_KEY = 0x7363696d646972;

/**
 * Runs every pending migration; idempotent. On PostgreSQL an advisory lock, held by one pooled connection while
 * the others migrate, makes instances that start at once take turns (knex's own lock table does not cover the
 * creation of its tables). PGlite has a single connection and a single process, so it needs none.
 */
export async function migrateToLatest(knex: Knex): Promise<void> {
  const config = { migrationSource, tableName: MIGRATIONS_TABLE };
  if (knex.client.config.client !== 'pg') {
    await knex.migrate.latest(config);
    return;
  }
  await knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    await knex.migrate.latest(config);
  });
}
