import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userListQueries, type UserListQuery } from '../../../lib/store/admin-user-queries.js';
import { TenantsService } from '../../../lib/tenants/tenants-service.js';
import { testKnex } from '../../support/database.js';

const USERS = 20_000;

let knex: Knex;
let tenants: TenantsService;
let tenantId: string;

beforeAll(async () => {
  knex = testKnex();
  tenants = new TenantsService(knex);
  tenantId = (await tenants.create('plans')).tenant.id;
  await knex.raw(
    `insert into scim_users (tenant_id, id, user_name, user_name_key, display_name, given_name, family_name, doc, last_modified)
     select ?, gen_random_uuid(), 'user' || i || '@example.com', 'user' || i || '@example.com', 'User ' || i, 'Given' || i, 'Family' || i,
            jsonb_build_object('userName', 'user' || i || '@example.com'), now() - (i || ' seconds')::interval
       from generate_series(1, ?) i`,
    [tenantId, USERS],
  );
  await knex.raw(
    `insert into scim_user_emails (tenant_id, user_id, position, value_key, is_primary)
     select tenant_id, id, 0, 'mail.' || user_name_key, true from scim_users where tenant_id = ?`,
    [tenantId],
  );
  await knex.raw('analyze scim_users');
  await knex.raw('analyze scim_user_emails');
}, 120_000);

afterAll(async () => {
  await knex('scim_tenants').where('tenant_id', tenantId).delete();
  await tenants.close();
  await knex.destroy();
});

async function plan(builder: Knex.QueryBuilder): Promise<string> {
  const { sql, bindings } = builder.toSQL().toNative();
  const result = await knex.raw<{ rows: Record<string, string>[] }>(`explain ${sql.replace(/\$(\d+)/g, '?')}`, bindings as Knex.RawBinding[]);
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

function query(changes: Partial<UserListQuery>): UserListQuery {
  return { startIndex: 1, count: 25, sortBy: 'userName', sortOrder: 'ascending', ...changes };
}

describe(`admin user search on ${USERS} users`, () => {
  it('answers a starts-with search with index range scans, never reading every user', async () => {
    const queries = userListQueries(knex, tenantId, query({ q: 'user1999' }));
    for (const text of [await plan(queries.count()), await plan(queries.page())]) {
      expect(text).not.toMatch(/Seq Scan on scim_users/);
      expect(text).not.toMatch(/Seq Scan on scim_user_emails/);
      for (const index of ['scim_users_user_name_prefix', 'scim_users_display_name_prefix', 'scim_users_given_name_prefix', 'scim_users_family_name_prefix', 'scim_user_emails_value_prefix']) {
        expect(text).toContain(index);
      }
    }
    expect(((await queries.page()) as { user_name: string }[]).map((r) => r.user_name).sort()).toEqual(
      ['user1999@example.com', ...Array.from({ length: 10 }, (_, i) => `user1999${i}@example.com`)].sort(),
    );
  });

  it('finds a user by an email prefix through the email index', async () => {
    const rows = (await userListQueries(knex, tenantId, query({ q: 'MAIL.user1234@' })).page()) as { user_name: string }[];
    expect(rows.map((r) => r.user_name)).toEqual(['user1234@example.com']);
  });

  it('reads the first page of every sort from an index instead of sorting all users', async () => {
    for (const sortBy of ['userName', 'displayName', 'familyName', 'created', 'lastModified'] as const) {
      for (const sortOrder of ['ascending', 'descending'] as const) {
        const text = await plan(userListQueries(knex, tenantId, query({ sortBy, sortOrder })).page());
        expect(text, `${sortBy} ${sortOrder}`).not.toMatch(/Seq Scan on scim_users r/);
        expect(text, `${sortBy} ${sortOrder}`).toMatch(/Index Scan/);
      }
    }
  });
});
