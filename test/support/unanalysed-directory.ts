/**
 * For plan tests: a database of its own holding one tenant filled with users and never analysed (the state of a
 * directory an identity provider is filling, before autovacuum's first ANALYZE), on a single connection, and the
 * index entries PostgreSQL counts as read, so a test can assert that a statement probes rather than scans.
 */
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll } from 'vitest';
import { migrateToLatest } from '../../lib/store/migration-source.js';
import { createEmptyDatabase } from './database.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/**
 * Creates the database, migrates it, and inserts `users` users `u1` … `uN` of `tenantId` in one statement. The knex
 * has one connection: PostgreSQL counts a backend's reads, and this one does them all.
 */
async function openUnanalysedDirectory(tenantId: string, users: number): Promise<Knex> {
  const url = await createEmptyDatabase();
  const migrating = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
  await migrateToLatest(migrating);
  await migrating.destroy();
  const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 1, max: 1 } });
  await knex('scim_tenants').insert({ tenant_id: tenantId, name: tenantId });
  await knex.raw(
    `insert into scim_users (tenant_id, id, user_name, user_name_key, doc)
     select ?, gen_random_uuid(), 'u' || i, 'u' || i, jsonb_build_object('schemas', jsonb_build_array(?::text), 'userName', 'u' || i)
       from generate_series(1, ?) as i`,
    [tenantId, USER_SCHEMA, users],
  );
  return knex;
}

/** Index entries read from `table`'s indexes so far, as PostgreSQL counts them. */
async function indexEntriesRead(knex: Knex, table: string): Promise<number> {
  await knex.raw('select pg_stat_force_next_flush()');
  await knex.raw('select pg_stat_clear_snapshot()');
  const { rows } = await knex.raw<{ rows: { read: string }[] }>(
    `select coalesce(sum(idx_tup_read), 0)::text as read from pg_stat_user_indexes where relname = ?`,
    [table],
  );
  return Number(rows[0]?.read ?? 0);
}

/** What {@link useUnanalysedDirectory} gives a test file: its knex (set once `beforeAll` has run) and a counter. */
export interface UnanalysedDirectory {
  readonly knex: Knex;
  /** Index entries read from `table`'s indexes so far (default `scim_users`). */
  indexEntriesRead(table?: string): Promise<number>;
}

/** Opens an unanalysed directory before the file's tests and closes it after them. */
export function useUnanalysedDirectory(tenantId: string, users: number): UnanalysedDirectory {
  const state = {
    knex: undefined as unknown as Knex,
    indexEntriesRead: (table = 'scim_users'): Promise<number> => indexEntriesRead(state.knex, table),
  };
  beforeAll(async () => {
    state.knex = await openUnanalysedDirectory(tenantId, users);
  }, 60_000);
  afterAll(async () => {
    await state.knex?.destroy();
  });
  return state;
}
