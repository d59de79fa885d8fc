/**
 * Opens the database the environment chooses (locking an embedded one), creates the directory and migrates it.
 * Shared by the server and the CLI so both pick the database the same way.
 */
import type { Knex } from 'knex';
import { createScimDirectory, type ScimDirectory } from '../directory.js';
import { standaloneAuditPrincipal } from './admin-auth.js';
import type { ScimLogger } from '../logger.js';
import { createKnex } from './database.js';
import { lockEmbeddedDatabase } from './embedded-lock.js';
import type { ServerConfig } from './server-config.js';

/** An open directory with what it holds. */
export interface OpenDirectory {
  readonly directory: ScimDirectory;
  readonly knex: Knex;
  /** Flushes the directory, closes the database and releases an embedded lock. */
  close(): Promise<void>;
}

/** Opens and migrates the configured database. */
export async function openDirectory(config: ServerConfig, logger?: ScimLogger): Promise<OpenDirectory> {
  const release = config.database.kind === 'pglite' ? lockEmbeddedDatabase(config.database.dataDir) : () => undefined;
  let knex: Knex | undefined;
  try {
    knex = createKnex(config.database, config.databasePoolMax !== undefined ? { max: config.databasePoolMax } : {}, logger);
    const directory = createScimDirectory({
      knex,
      ...(logger ? { logger } : {}),
      ...(config.publicUrl ? { publicUrl: `${config.publicUrl}/scim` } : {}),
      ...(config.bulkConcurrency !== undefined ? { bulkConcurrency: config.bulkConcurrency } : {}),
      rateLimits: config.rateLimits,
      ...(config.statementTimeoutMs !== undefined ? { statementTimeoutMs: config.statementTimeoutMs } : {}),
      preparedStatements: config.preparedStatements,
      jwksAllowedHosts: config.jwksAllowedHosts,
      webhooks: { ...(config.webhookKey ? { key: config.webhookKey } : {}), httpAllowedHosts: config.webhookHttpHosts },
      auditPrincipal: standaloneAuditPrincipal,
    });
    await directory.migrate();
    const opened = knex;
    return {
      directory,
      knex: opened,
      async close() {
        try {
          await directory.close();
          await opened.destroy();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    await knex?.destroy().catch(() => undefined);
    release();
    throw error;
  }
}
