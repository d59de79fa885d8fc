/**
 * knex CLI configuration for working on this repository (`npx knex --knexfile knexfile.ts migrate:latest`):
 * the same database choice as the server, and the library's own migration source and table.
 */
import type { Knex } from 'knex';
import { chooseDatabase } from './lib/server/database.js';
import { migrationSource, MIGRATIONS_TABLE } from './lib/store/migration-source.js';

const choice = chooseDatabase();

const config: Knex.Config =
  choice.kind === 'postgres'
    ? { client: 'pg', connection: choice.url, migrations: { migrationSource, tableName: MIGRATIONS_TABLE } }
    : { client: 'knex-pglite', connection: { filename: choice.dataDir }, migrations: { migrationSource, tableName: MIGRATIONS_TABLE } };

export default config;
