/**
 * The one-statement PUT (user-replace-statement.ts) reads one user's index entries, whatever the statistics know.
 * Right after a directory is filled, before the first ANALYZE, PostgreSQL rated the indexes leading with
 * `tenant_id` alike and updated through the partial userName index with the id as a filter: a read of the whole
 * tenant per PUT. Stating the live-row condition on the updated row lets the live-row id index win (as
 * `liveIdCondition` does for reads). Index entries read are counted from PostgreSQL's statistics, in a database of
 * the test's own on one connection.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import { createEmptyDatabase } from '../../support/database.js';
import { migrateToLatest } from '../../../lib/store/migration-source.js';
import { replaceUserUnread } from '../../../lib/store/user-replace-statement.js';

const USERS = 5000;
const TENANT = 'replace-plans';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
let knex: Knex;

beforeAll(async () => {
  const url = await createEmptyDatabase();
  const migrating = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
  await migrateToLatest(migrating);
  await migrating.destroy();
  knex = knexFactory({ client: 'pg', connection: url, pool: { min: 1, max: 1 } });
  await knex('scim_tenants').insert({ tenant_id: TENANT, name: TENANT });
  await knex.raw(
    `insert into scim_users (tenant_id, id, user_name, user_name_key, doc)
     select ?, gen_random_uuid(), 'u' || i, 'u' || i, jsonb_build_object('schemas', jsonb_build_array(?::text), 'userName', 'u' || i)
       from generate_series(1, ?) as i`,
    [TENANT, USER, USERS],
  );
}, 60_000);
afterAll(async () => {
  await knex?.destroy();
});

/** Index entries read from scim_users's indexes so far, as PostgreSQL counts them. */
async function indexEntriesRead(): Promise<number> {
  await knex.raw('select pg_stat_force_next_flush()');
  await knex.raw('select pg_stat_clear_snapshot()');
  const { rows } = await knex.raw<{ rows: { read: string }[] }>(
    `select coalesce(sum(idx_tup_read), 0)::text as read from pg_stat_user_indexes where relname = 'scim_users'`,
  );
  return Number(rows[0]?.read ?? 0);
}

it('replaces a user among thousands without statistics by reading a handful of index entries', async () => {
  const { rows } = await knex.raw<{ rows: { id: string; analysed: boolean }[] }>(
    `select u.id::text, (select last_analyze is not null or last_autoanalyze is not null from pg_stat_user_tables where relname = 'scim_users') as analysed
       from scim_users u where u.tenant_id = ? order by u.seq offset ? limit 1`,
    [TENANT, USERS / 2],
  );
  const id = rows[0]?.id as string;
  expect(rows[0]?.analysed).toBe(false);
  for (let revision = 1; revision <= 8; revision++) {
    // Eight runs: the prepared statement's custom plans and then its generic plan.
    const before = await indexEntriesRead();
    const next = { schemas: [USER], userName: `u${USERS / 2 + 1}`, title: `rev ${revision}` };
    const change = { type: 'user.updated' as const, resourceType: 'User' as const, resourceId: id };
    const outcome = await replaceUserUnread(knex, TENANT, id, { doc: next, updated: change, activeChange: { ...change, type: 'user.reactivated' }, withGroups: false });
    expect(outcome.kind).toBe('written');
    expect(await indexEntriesRead()).toBeLessThan(before + 20);
  }
});
