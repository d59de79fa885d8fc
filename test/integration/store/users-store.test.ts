import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { useTenantPerTest } from '../../support/tenant-per-test.js';
import { ScimError } from '../../../lib/scim/errors.js';
import { newResourceId } from '../../../lib/store/ids.js';
import { userNameTaken, withPgErrors } from '../../../lib/store/pg-errors.js';
import type { UserRow } from '../../../lib/store/resource-row.js';
import { insertUsers, removeUser, updateUserAtRevision } from '../../../lib/store/user-writes.js';
import { findUser, findUserByUserName, listUsers } from '../../../lib/store/users-store.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const db = useTenantPerTest('users store');

/** Inserts one user; undefined when its userName is taken. */
async function insertUser(knex: typeof db.knex, tenantId: string, id: string, userDoc: Record<string, unknown>): Promise<UserRow> {
  const [row] = await insertUsers(knex, tenantId, [{ id, doc: userDoc }], []);
  return row as UserRow;
}

const doc = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, ...extra });

async function failure(work: () => Promise<unknown>): Promise<ScimError> {
  const error = await withPgErrors(work).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScimError);
  return error as ScimError;
}

describe('users store', () => {
  it('extracts key columns and mirrors emails lower-cased, replacing them on update', async () => {
    const id = newResourceId();
    const row = await insertUser(db.knex, db.tenantId, id, doc('Ada.L', {
      externalId: 'ext-1',
      active: false,
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'Ada@Example.COM', type: 'Work', primary: true }, { type: 'home' }, { value: 'ada@home.example' }],
    }));
    expect(row).toMatchObject({ id, user_name: 'Ada.L', external_id: 'ext-1', active: false, revision: 1 });
    const stored = await db.knex('scim_users').where({ tenant_id: db.tenantId, id }).first();
    expect(stored).toMatchObject({ user_name_key: 'ada.l', given_name: 'Ada', family_name: 'Lovelace' });
    const emails = () => db.knex('scim_user_emails').where({ tenant_id: db.tenantId, user_id: id }).orderBy('position').select('position', 'value_key', 'type_key', 'is_primary');
    expect(await emails()).toEqual([
      { position: 0, value_key: 'ada@example.com', type_key: 'work', is_primary: true },
      { position: 2, value_key: 'ada@home.example', type_key: null, is_primary: false },
    ]);
    const updated = await updateUserAtRevision(db.knex, db.tenantId, id, { revision: 1, previous: row.doc, doc: doc('Ada.L', { emails: [{ value: 'new@example.com' }] }), changes: [] });
    expect(updated).toMatchObject({ revision: 2, active: true });
    expect(updated!.last_modified.getTime()).toBeGreaterThan(row.last_modified.getTime());
    expect(await emails()).toEqual([{ position: 0, value_key: 'new@example.com', type_key: null, is_primary: false }]);
  });

  it('finds by userName case-insensitively and only in its tenant', async () => {
    const row = await insertUser(db.knex, db.tenantId, newResourceId(), doc('Grace'));
    expect((await findUserByUserName(db.knex, db.tenantId, 'GRACE'))?.id).toBe(row.id);
    const other = (await db.tenants.create('other')).tenant.id;
    expect(await findUserByUserName(db.knex, other, 'grace')).toBeUndefined();
    expect(await findUser(db.knex, other, row.id)).toBeUndefined();
  });

  it('skips a duplicate userName (unique index, no pre-check); the 409 for it names userName', async () => {
    await insertUser(db.knex, db.tenantId, newResourceId(), doc('dup'));
    expect(await insertUser(db.knex, db.tenantId, newResourceId(), doc('DUP'))).toBeUndefined();
    expect(userNameTaken()).toMatchObject({ status: 409, scimType: 'uniqueness' });
    expect(userNameTaken().detail).toContain('userName');
  });

  it('turns values PostgreSQL cannot index or store into 400 invalidValue', async () => {
    // Incompressible, so the index entry really is too large (a repeated character would be compressed).
    const giant = await failure(() => insertUser(db.knex, db.tenantId, newResourceId(), doc(randomBytes(60_000).toString('base64'))));
    expect(giant).toMatchObject({ status: 400, scimType: 'invalidValue' });
    const nul = await failure(() => insertUser(db.knex, db.tenantId, newResourceId(), doc('nul', { title: 'a\u0000b' })));
    expect(nul).toMatchObject({ status: 400, scimType: 'invalidValue' });
  });

  it('deletes with its emails, and lists with exact totals past the end', async () => {
    const ids = [];
    for (const name of ['a', 'b', 'c']) ids.push((await insertUser(db.knex, db.tenantId, newResourceId(), doc(name, { emails: [{ value: `${name}@x` }] }))).id);
    expect((await removeUser(db.knex, db.tenantId, ids[1]!, { tombstone: false, changes: [] }))?.id).toBe(ids[1]);
    expect(await removeUser(db.knex, db.tenantId, ids[1]!, { tombstone: false, changes: [] })).toBeUndefined();
    expect(await db.knex('scim_user_emails').where({ tenant_id: db.tenantId, user_id: ids[1] })).toEqual([]);
    const page = await listUsers(db.knex, db.tenantId, { offset: 0, limit: 10 });
    expect(page.total).toBe(2);
    expect(page.rows.map((row) => row.user_name)).toEqual(['a', 'c']);
    expect(await listUsers(db.knex, db.tenantId, { offset: 5, limit: 10 })).toEqual({ total: 2, rows: [] });
    expect(await listUsers(db.knex, db.tenantId, { offset: 0, limit: 0 })).toEqual({ total: 2, rows: [] });
  });
});
