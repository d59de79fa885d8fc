/**
 * The hot statements run as named prepared statements (prepared-statement.ts) so that PostgreSQL plans each of them
 * once per connection. That only pays when PostgreSQL keeps a generic plan: with its default `plan_cache_mode`
 * it re-plans a statement on every execution when the generic plan's estimated cost exceeds a custom plan's (an
 * `offset $n` of unknown value did that to every `userName eq` lookup; planning was over half of its database
 * time). Here the requests identity providers repeat most go through the HTTP API on a pool of one connection, and
 * that connection's `pg_prepared_statements` must show each of our statements running on a generic plan.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testKnex } from '../../support/database.js';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ROUNDS = 12;

let host: TestHost;
let base: string;
let token: string;

beforeAll(async () => {
  host = await startTestHost({ knex: testKnex({ max: 1 }) });
  ({ baseUrl: base, token } = await host.createTenant('prepared plans'));
});
afterAll(async () => {
  await host?.close();
  await host?.knex.destroy();
});

interface PreparedStatement {
  name: string;
  statement: string;
  generic_plans: string;
  custom_plans: string;
}

it('runs the repeated lookups and writes on generic plans after their first executions', async () => {
  const user = (i: number, title = 'Engineer') => ({
    schemas: [USER],
    userName: `plan-${i}@example.com`,
    name: { givenName: `G${i}`, familyName: `F${i}` },
    title,
    emails: [{ value: `plan-${i}@example.com`, type: 'work', primary: true }],
  });
  const ids: string[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const created = await scimFetch(`${base}/Users`, token, { body: user(i) });
    expect(created.status).toBe(201);
    ids.push(created.body.id);
  }
  const group = await scimFetch(`${base}/Groups`, token, { body: { schemas: [GROUP], displayName: 'plans', members: ids.map((value) => ({ value })) } });
  expect(group.status).toBe(201);
  for (let i = 0; i < ROUNDS; i++) {
    const filter = encodeURIComponent(`userName eq "plan-${i}@example.com"`);
    const found = await scimFetch(`${base}/Users?filter=${filter}`, token);
    expect(found.body.totalResults).toBe(1);
    expect((await scimFetch(`${base}/Users/${ids[i]}`, token)).status).toBe(200);
    expect((await scimFetch(`${base}/Users/${ids[i]}`, token, { method: 'PUT', body: user(i, 'Manager') })).status).toBe(200);
    const removal = { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${ids[i]}"]` }] };
    expect((await scimFetch(`${base}/Groups/${group.body.id}`, token, { method: 'PATCH', body: removal })).status).toBeLessThan(300);
  }

  const { rows } = await host.knex.raw<{ rows: PreparedStatement[] }>(
    `select name, statement, generic_plans::text, custom_plans::text from pg_prepared_statements where name like 'scim\\_%'`,
  );
  const ran = rows.filter((row) => Number(row.generic_plans) + Number(row.custom_plans) >= ROUNDS);
  // The create, the lookup, the read by id, the replace and the member removal at least.
  expect(ran.length, JSON.stringify(rows.map((row) => row.statement.slice(0, 80)))).toBeGreaterThanOrEqual(5);
  const replanned = ran.filter((row) => Number(row.generic_plans) === 0);
  expect(replanned.map((row) => `${row.custom_plans} custom plans: ${row.statement.replace(/\s+/g, ' ').slice(0, 300)}`)).toEqual([]);
});
