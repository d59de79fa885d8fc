/**
 * Test access to the suite's PostgreSQL (see global-setup.ts) and to an in-memory PGlite.
 */
import { inject } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createPgliteKnex } from '../../lib/server/database.js';
import { migrateToLatest } from '../../lib/store/migration-source.js';

/** A knex on the suite's migrated PostgreSQL database. Destroy it in `afterAll`. */
export function testKnex(pool: { min?: number; max?: number } = {}): Knex {
  return knexFactory({ client: 'pg', connection: inject('databaseUrl'), pool: { min: 0, max: pool.max ?? 10 } });
}

/**
 * A knex on the suite's migrated database through PgBouncer in transaction pool mode (see pgbouncer.ts), plus any
 * host settings in `config`. Destroy it in `afterAll`.
 */
export function pgBouncerKnex(config: Omit<Knex.Config, 'client' | 'connection'> = {}): Knex {
  return knexFactory({ pool: { min: 0, max: 10 }, ...config, client: 'pg', connection: inject('pgBouncerUrl') });
}

/** The URL of the suite's migrated PostgreSQL database. */
export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

/** Creates an empty (unmigrated) database on the suite's server and returns its URL. */
export async function createEmptyDatabase(): Promise<string> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `scim_empty_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A knex on a database of its own, migrated: for tests that need a directory no other test file writes to (an
 * admin UI that lists every tenant, say).
 */
export async function isolatedTestKnex(): Promise<Knex> {
  const knex = knexFactory({ client: 'pg', connection: await createEmptyDatabase(), pool: { min: 0, max: 10 } });
  await migrateToLatest(knex);
  return knex;
}

/** A knex on a fresh in-memory PGlite (unmigrated). */
export function memoryPgliteKnex(): Knex {
  return createPgliteKnex(undefined);
}
