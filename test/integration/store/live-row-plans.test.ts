/**
 * Counting and paging a tenant's live users (`deleted_at is null`) is answered from indexes on 20,000 users, never
 * by a sequential scan of the users table: the count from a partial index over the live rows. Documents are about as large as an
 * identity provider's users (a few hundred bytes), which is what makes reading the heap the expensive part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { testKnex } from '../../support/database.js';
import { randomTenantId } from './filter-fixtures.js';

const USERS = 20_000;

let knex: Knex;
let tenantId: string;

beforeAll(async () => {
  knex = testKnex();
  tenantId = randomTenantId();
  await knex('scim_tenants').insert({ tenant_id: tenantId, name: 'live-row plans' });
  await knex.transaction(async (trx) => {
    // A durable commit: vacuum marks pages all-visible (what index-only scans need) only once it is flushed.
    await trx.raw('set local synchronous_commit = on');
    await trx.raw(
      `insert into scim_users (tenant_id, id, user_name, user_name_key, doc, deleted_at)
       select ?, gen_random_uuid(), 'User' || i, 'user' || i, jsonb_build_object('userName', 'User' || i, 'title', repeat('t', 600)),
              case when i % 10 = 0 then now() end
       from generate_series(1, ?) as i`,
      [tenantId, USERS],
    );
  });
  await knex.raw('vacuum analyze scim_users');
}, 120_000);

afterAll(async () => {
  await knex('scim_tenants').where('tenant_id', tenantId).delete();
  await knex.destroy();
});

async function plan(query: Knex.QueryBuilder): Promise<string> {
  const compiled = query.toSQL();
  const result: { rows: { 'QUERY PLAN': string }[] } = await knex.raw(`explain ${compiled.sql}`, compiled.bindings);
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

const live = (): Knex.QueryBuilder => knex('scim_users as r').where('r.tenant_id', tenantId).whereNull('r.deleted_at');

describe('live-row index on 20,000 users', () => {
  it('counts live users with an index-only scan of a live-row index', async () => {
    const text = await plan(live().count({ n: '*' }));
    expect(text).toMatch(/Index Only Scan using scim_users_\w+ on scim_users/);
    expect(text).not.toMatch(/Seq Scan on scim_users\b/);
    const [row] = await live().count({ n: '*' });
    expect(Number(row?.n)).toBe(USERS - USERS / 10);
  });

  it('reads a page in creation order from scim_users_seq without sorting', async () => {
    const text = await plan(live().select('r.id').orderBy('r.seq', 'asc').offset(100).limit(100));
    expect(text).toContain('scim_users_seq');
    expect(text).not.toMatch(/Seq Scan on scim_users\b|Sort/);
  });
});
