/**
 * The email mirror goes with its user and with its tenant (migration 0006 keys it to the tenant; `removeUser`
 * removes a user's rows in the same statement as the user).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { testKnex } from '../../support/database.js';
import { newResourceId } from '../../../lib/store/ids.js';
import { insertUsers, removeUser } from '../../../lib/store/user-writes.js';
import { randomTenantId } from './filter-fixtures.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
let knex: Knex;

beforeAll(() => {
  knex = testKnex();
});
afterAll(async () => {
  await knex.destroy();
});

const emailsOf = async (tenantId: string) => (await knex('scim_user_emails').where({ tenant_id: tenantId }).select('user_id')).map((row) => row.user_id as string);

describe('email mirror rows', () => {
  it('are deleted with their user, and only theirs', async () => {
    const tenantId = randomTenantId();
    await knex('scim_tenants').insert({ tenant_id: tenantId, name: 'mirror' });
    const [a, b] = [newResourceId(), newResourceId()];
    await insertUsers(knex, tenantId, [{ id: a, doc: { schemas: [USER], userName: 'a', emails: [{ value: 'a@x' }, { value: 'a@y' }] } }], []);
    await insertUsers(knex, tenantId, [{ id: b, doc: { schemas: [USER], userName: 'b', emails: [{ value: 'b@x' }] } }], []);
    expect((await removeUser(knex, tenantId, a, { tombstone: false, changes: [] }))?.id).toBe(a);
    expect(await emailsOf(tenantId)).toEqual([b]);
    expect(await removeUser(knex, tenantId, a, { tombstone: false, changes: [] })).toBeUndefined();
    expect(await emailsOf(tenantId)).toEqual([b]);
  });

  it('are deleted with their tenant', async () => {
    const tenantId = randomTenantId();
    await knex('scim_tenants').insert({ tenant_id: tenantId, name: 'mirror tenant' });
    await insertUsers(knex, tenantId, [{ id: newResourceId(), doc: { schemas: [USER], userName: 'c', emails: [{ value: 'c@x' }] } }], []);
    expect(await emailsOf(tenantId)).toHaveLength(1);
    await knex('scim_tenants').where({ tenant_id: tenantId }).delete();
    expect(await emailsOf(tenantId)).toEqual([]);
  });
});
