/**
 * Vitest global setup: the suite's PostgreSQL. `DATABASE_URL` when set, otherwise a throwaway local cluster.
 * Creates a fresh database for this run, migrates it, and provides its URL to the tests as `databaseUrl`; starts a
 * PgBouncer in transaction pool mode in front of it and provides that database's URL through it as `pgBouncerUrl`.
 */
import type { TestProject } from 'vitest/node';
import knexFactory from 'knex';
import pg from 'pg';
import { startPgBouncer, type PgBouncer } from './pgbouncer.js';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';
import { migrateToLatest } from '../../lib/store/migration-source.js';

let cluster: PostgresCluster | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
let bouncer: PgBouncer | undefined;

/** Starts (or connects to) PostgreSQL and migrates a database for the run. */
export async function setup(project: TestProject): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    cluster = await startPostgresCluster();
    adminUrl = cluster.url;
  }
  const name = `scim_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const knex = knexFactory({ client: 'pg', connection: databaseUrl });
  await migrateToLatest(knex);
  await knex.destroy();
  dropDatabase = async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
  bouncer = await startPgBouncer(databaseUrl);
  project.provide('databaseUrl', databaseUrl);
  project.provide('pgBouncerUrl', bouncer.urlFor(name));
  project.provide('adminDatabaseUrl', adminUrl);
}

/** Stops PgBouncer, drops the run's database and stops a cluster we started. */
export async function teardown(): Promise<void> {
  await bouncer?.stop();
  if (cluster) await cluster.stop();
  else await dropDatabase?.();
}
