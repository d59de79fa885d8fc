import { afterAll, describe, expect, it } from 'vitest';
import knexFactory from 'knex';
import { createEmptyDatabase, memoryPgliteKnex } from '../../support/database.js';
import { migrateToLatest, migrationSource, MIGRATIONS_TABLE } from '../../../lib/store/migration-source.js';

const EXPECTED = (await migrationSource.getMigrations([])).map((m) => migrationSource.getMigrationName(m));

const TABLES = ['scim_tenants', 'scim_credentials', 'scim_users', 'scim_user_emails', 'scim_groups', 'scim_memberships', 'scim_event_log', 'scim_changes', 'scim_request_counts', 'scim_admin_audit'];

describe('migrations', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('create every table on PostgreSQL and are idempotent', async () => {
    const knex = knexFactory({ client: 'pg', connection: await createEmptyDatabase() });
    cleanups.push(() => knex.destroy());
    await migrateToLatest(knex);
    await migrateToLatest(knex);
    for (const table of TABLES) expect(await knex.schema.hasTable(table)).toBe(true);
    const applied = await knex(MIGRATIONS_TABLE).select('name');
    expect(applied.map((r) => r.name)).toEqual(EXPECTED);
  });

  it('run unchanged on PGlite and are idempotent', async () => {
    const knex = memoryPgliteKnex();
    cleanups.push(() => knex.destroy());
    await migrateToLatest(knex);
    await migrateToLatest(knex);
    for (const table of TABLES) expect(await knex.schema.hasTable(table)).toBe(true);
    const applied = await knex(MIGRATIONS_TABLE).select('name');
    expect(applied.map((r) => r.name)).toEqual(EXPECTED);
  });

  it('let two instances migrate one database at the same time', async () => {
    const url = await createEmptyDatabase();
    const a = knexFactory({ client: 'pg', connection: url });
    const b = knexFactory({ client: 'pg', connection: url });
    cleanups.push(() => a.destroy(), () => b.destroy());
    await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
    expect(await a(MIGRATIONS_TABLE).count({ n: '*' })).toEqual([{ n: String(EXPECTED.length) }]);
  });
});
