/**
 * A lookup by id as the store writes it (live-id-condition.ts; what every read and write of one resource does) uses the id
 * index whatever the statistics know: on a table that was never analysed (a directory being filled for the first
 * time), after ANALYZE, and for a tenant the last ANALYZE did not see. A userName lookup keeps its own index. The
 * tables are in a database of their own, so no other test's rows or statistics play a part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import { createEmptyDatabase } from '../../support/database.js';
import { liveIdCondition } from '../../../lib/store/live-id-condition.js';
import { migrateToLatest } from '../../../lib/store/migration-source.js';

const USERS = 3000;
let knex: Knex;

beforeAll(async () => {
  knex = knexFactory({ client: 'pg', connection: await createEmptyDatabase(), pool: { min: 0, max: 2 } });
  await migrateToLatest(knex);
}, 60_000);
afterAll(async () => {
  await knex?.destroy();
});

/** Adds a tenant with `USERS` users and a group; returns the id of one of each. */
async function tenantWithUsers(tenantId: string): Promise<{ userId: string; groupId: string }> {
  await knex('scim_tenants').insert({ tenant_id: tenantId, name: tenantId });
  await knex.raw(
    `insert into scim_users (tenant_id, id, user_name, user_name_key, display_name, doc)
     select ?, gen_random_uuid(), 'u' || i, 'u' || i, 'User ' || i, jsonb_build_object('userName', 'u' || i) from generate_series(1, ?) as i`,
    [tenantId, USERS],
  );
  await knex.raw(
    `insert into scim_groups (tenant_id, id, display_name, display_name_key, doc)
     select ?, gen_random_uuid(), 'g' || i, 'g' || i, '{}'::jsonb from generate_series(1, ?) as i`,
    [tenantId, USERS],
  );
  const user: { id: string } = await knex('scim_users').where({ tenant_id: tenantId, user_name_key: 'u777' }).first('id');
  const group: { id: string } = await knex('scim_groups').where({ tenant_id: tenantId, display_name_key: 'g777' }).first('id');
  return { userId: user.id, groupId: group.id };
}

async function plan(table: 'scim_users' | 'scim_groups', tenantId: string, id: string): Promise<string> {
  const result: { rows: { 'QUERY PLAN': string }[] } = await knex.raw(`explain select * from ${table} where tenant_id = ? and id = ? and ${liveIdCondition()}`, [tenantId, id]);
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

async function expectIdIndex(tenantId: string, ids: { userId: string; groupId: string }): Promise<void> {
  const users = await plan('scim_users', tenantId, ids.userId);
  expect(users, users).toMatch(/using scim_users_live_id on scim_users[\s\S]*Index Cond: \(\(tenant_id = .*\) AND \(id = /);
  const groups = await plan('scim_groups', tenantId, ids.groupId);
  expect(groups, groups).toMatch(/using scim_groups_live_id on scim_groups[\s\S]*Index Cond: \(\(tenant_id = .*\) AND \(id = /);
}

/** A `userName eq` lookup (as list-rows.ts writes it) uses a userName index, not the id index. */
async function expectUserNameIndex(tenantId: string): Promise<void> {
  const result: { rows: { 'QUERY PLAN': string }[] } = await knex.raw(
    `explain select r.id from scim_users r where r.tenant_id = ? and r.deleted_at is null and (r.user_name_key = cast(? as text)) order by r.seq asc limit 100`,
    [tenantId, 'u777'],
  );
  const text = result.rows.map((row) => row['QUERY PLAN']).join('\n');
  expect(text, text).toMatch(/using scim_users_user_name\w* on scim_users[\s\S]*Index Cond: \(\(tenant_id = .*\) AND \(user_name_key = /);
}

describe('id lookups', () => {
  it('use the id index on tables never analysed, after ANALYZE, and for a tenant ANALYZE did not see', async () => {
    const first = await tenantWithUsers('tenant-a');
    await expectIdIndex('tenant-a', first);
    await expectUserNameIndex('tenant-a');
    await knex.raw('analyze scim_users');
    await knex.raw('analyze scim_groups');
    await expectIdIndex('tenant-a', first);
    await expectUserNameIndex('tenant-a');
    const second = await tenantWithUsers('tenant-b');
    await expectIdIndex('tenant-b', second);
  });
});
