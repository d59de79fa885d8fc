/**
 * The filters identity providers send most (`userName eq`, `externalId eq`, `emails.value eq`, `id eq`) are
 * answered from indexes on a tenant of 20,000 users, not by scanning the users table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { parseFilter } from '../../../lib/scim/filter/parser.js';
import { applyFilter } from '../../../lib/store/filter/compile-filter.js';
import { testKnex } from '../../support/database.js';
import { randomTenantId, testRegistry } from './filter-fixtures.js';

const registry = testRegistry();
const USERS = 20_000;

let knex: Knex;
let tenantId: string;
let someId: string;

beforeAll(async () => {
  knex = testKnex();
  tenantId = randomTenantId();
  await knex('scim_tenants').insert({ tenant_id: tenantId, name: 'index plans' });
  await knex.raw(
    `insert into scim_users (tenant_id, id, user_name, user_name_key, external_id, display_name, family_name, doc)
     select ?, gen_random_uuid(), 'User' || i || '@Example.com', 'user' || i || '@example.com', 'ext-' || i,
            'User ' || i, 'Family' || (i % 100), jsonb_build_object('userName', 'User' || i || '@Example.com')
     from generate_series(1, ?) as i`,
    [tenantId, USERS],
  );
  await knex.raw(
    `insert into scim_user_emails (tenant_id, user_id, position, value_key, type_key, is_primary)
     select tenant_id, id, 0, user_name_key, 'work', true from scim_users where tenant_id = ?`,
    [tenantId],
  );
  // Fresh bulk-loaded tables have no statistics until autovacuum runs; the service relies on autovacuum too.
  await knex.raw('analyze scim_users');
  await knex.raw('analyze scim_user_emails');
  const row: { id: string } | undefined = await knex('scim_users').where({ tenant_id: tenantId, external_id: 'ext-777' }).first('id');
  someId = row?.id ?? '';
}, 120_000);

afterAll(async () => {
  await knex('scim_tenants').where('tenant_id', tenantId).delete();
  await knex.destroy();
});

async function plan(filter: string): Promise<string> {
  const query = applyFilter(
    knex('scim_users as r').select('r.id').where('r.tenant_id', tenantId).whereNull('r.deleted_at'),
    registry,
    'User',
    parseFilter(filter),
  );
  const compiled = query.toSQL();
  const result: { rows: { 'QUERY PLAN': string }[] } = await knex.raw(`explain ${compiled.sql}`, compiled.bindings);
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

async function count(filter: string): Promise<number> {
  const query = applyFilter(knex('scim_users as r').where('r.tenant_id', tenantId), registry, 'User', parseFilter(filter));
  const rows = await query.count({ n: '*' });
  return Number(rows[0]?.n);
}

describe('index use on 20,000 users', () => {
  it.each([
    ['userName eq "USER777@example.COM"', 'scim_users_user_name'],
    ['externalId eq "ext-777"', 'scim_users_external_id'],
    ['emails.value eq "user777@EXAMPLE.com"', 'scim_user_emails_value'],
    ['emails[type eq "work" and value eq "user777@example.com"]', 'scim_user_emails_value'],
    ['displayName eq "user 777"', 'scim_users_display_name'],
    ['name.familyName eq "FAMILY7"', 'scim_users_family_name'],
  ])('%s uses %s', async (filter, index) => {
    const text = await plan(filter);
    expect(text).toContain(index);
    expect(text).not.toMatch(/Seq Scan on scim_users\b/);
    expect(text).not.toMatch(/Seq Scan on scim_user_emails\b/);
  });

  it('id eq uses an index on the id (the primary key or the live-row id index)', async () => {
    const text = await plan(`id eq "${someId}"`);
    expect(text).toMatch(/using (scim_users_pkey|scim_users_live_id) on scim_users/);
    expect(text).not.toMatch(/Seq Scan on scim_users\b/);
  });

  it('the indexed filters find the rows', async () => {
    expect(await count('userName eq "USER777@example.COM"')).toBe(1);
    expect(await count('externalId eq "ext-777"')).toBe(1);
    expect(await count('emails.value eq "user777@EXAMPLE.com"')).toBe(1);
    expect(await count(`id eq "${someId}"`)).toBe(1);
    expect(await count('name.familyName eq "FAMILY7"')).toBe(USERS / 100);
  });
});
