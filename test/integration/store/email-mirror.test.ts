/**
 * The email mirror goes with its user and with its tenant (migration 0006 keys it to the tenant; `deleteUser`
 * removes a user's rows in the same statement as the user).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { testKnex } from '../../support/database.js';
import { newResourceId } from '../../../lib/store/ids.js';
import { createUserStatement } from '../../../lib/store/user-statements.js';
import { deleteUser } from '../../../lib/store/users-store.js';
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
    await createUserStatement(knex, tenantId, a, { schemas: [USER], userName: 'a', emails: [{ value: 'a@x' }, { value: 'a@y' }] }, []);
    await createUserStatement(knex, tenantId, b, { schemas: [USER], userName: 'b', emails: [{ value: 'b@x' }] }, []);
    expect((await deleteUser(knex, tenantId, a))?.id).toBe(a);
    expect(await emailsOf(tenantId)).toEqual([b]);
    expect(await deleteUser(knex, tenantId, a)).toBeUndefined();
    expect(await emailsOf(tenantId)).toEqual([b]);
  });

  it('are deleted with their tenant', async () => {
    const tenantId = randomTenantId();
    await knex('scim_tenants').insert({ tenant_id: tenantId, name: 'mirror tenant' });
    await createUserStatement(knex, tenantId, newResourceId(), { schemas: [USER], userName: 'c', emails: [{ value: 'c@x' }] }, []);
    expect(await emailsOf(tenantId)).toHaveLength(1);
    await knex('scim_tenants').where({ tenant_id: tenantId }).delete();
    expect(await emailsOf(tenantId)).toEqual([]);
  });
});
