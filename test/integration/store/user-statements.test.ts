/**
 * Single-statement user writes on PostgreSQL and PGlite: the user, its email rows and its change rows are written
 * together or not at all, the compare-and-set replace writes only at the expected revision, and `direct_groups`
 * comes back with the row.
 */
import { describe, expect, it } from 'vitest';
import { BOTH_DATABASES, useSuiteTenant } from '../../support/both-databases.js';
import { ScimError } from '../../../lib/scim/errors.js';
import { newResourceId } from '../../../lib/store/ids.js';
import { withPgErrors } from '../../../lib/store/pg-errors.js';
import { createUserStatement, readUser, replaceUserIfRevision } from '../../../lib/store/user-statements.js';
import type { NewChange } from '../../../lib/store/changes-store.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const doc = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, ...extra });
const created = (id: string, userName: string): NewChange => ({ type: 'user.created', resourceType: 'User', resourceId: id, data: { userName } });

describe.each(BOTH_DATABASES)('user statements on %s', (_name, open) => {
  const suite = useSuiteTenant(open, 'user statements');

  const emails = (id: string) =>
    suite.knex('scim_user_emails').where({ tenant_id: suite.tenantId, user_id: id }).orderBy('position').select('position', 'value_key', 'type_key', 'is_primary');
  const changes = (id: string) => suite.knex('scim_changes').where({ tenant_id: suite.tenantId, resource_id: id }).orderBy('seq').select('type', 'data');

  it('creates the user, its emails and its change rows in one statement', async () => {
    const id = newResourceId();
    const statements: string[] = [];
    const listener = (q: { sql: string }) => statements.push(q.sql);
    suite.knex.on('query', listener);
    const row = await createUserStatement(suite.knex, suite.tenantId, id, doc('Ada.L', { externalId: 'x1', active: false, emails: [{ value: 'Ada@Example.COM', type: 'Work', primary: true }, { value: 'a@b.c' }] }), [created(id, 'Ada.L')]);
    suite.knex.off('query', listener);
    expect(statements).toHaveLength(1);
    expect(row).toMatchObject({ id, user_name: 'Ada.L', external_id: 'x1', active: false, revision: 1, direct_groups: [] });
    expect(row.doc).toMatchObject({ userName: 'Ada.L' });
    expect(await emails(id)).toEqual([
      { position: 0, value_key: 'ada@example.com', type_key: 'work', is_primary: true },
      { position: 1, value_key: 'a@b.c', type_key: null, is_primary: false },
    ]);
    expect(await changes(id)).toEqual([{ type: 'user.created', data: { userName: 'Ada.L' } }]);
    expect(await suite.knex('scim_users').where({ tenant_id: suite.tenantId, id }).first('user_name_key')).toEqual({ user_name_key: 'ada.l' });
  });

  it('writes nothing when the userName is taken (409 through withPgErrors)', async () => {
    await createUserStatement(suite.knex, suite.tenantId, newResourceId(), doc('taken'), []);
    const id = newResourceId();
    const error = await withPgErrors(() => createUserStatement(suite.knex, suite.tenantId, id, doc('TAKEN', { emails: [{ value: 'x@y.z' }] }), [created(id, 'TAKEN')])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(409);
    expect(await emails(id)).toEqual([]);
    expect(await changes(id)).toEqual([]);
  });

  it('replaces at the expected revision only, rewriting emails when they change', async () => {
    const id = newResourceId();
    const first = doc('grace', { emails: [{ value: 'g@one.example' }, { value: 'g@two.example' }] });
    const row = await createUserStatement(suite.knex, suite.tenantId, id, first, []);
    const second = doc('grace', { title: 'Admiral', emails: [{ value: 'G@Three.example' }] });
    const update: NewChange = { type: 'user.updated', resourceType: 'User', resourceId: id };
    const stale = await replaceUserIfRevision(suite.knex, suite.tenantId, id, { expectedRevision: 7, previous: first, doc: second, changes: [update], withGroups: false });
    expect(stale).toBeUndefined();
    expect(await changes(id)).toEqual([]);
    const replaced = await replaceUserIfRevision(suite.knex, suite.tenantId, id, { expectedRevision: row.revision, previous: first, doc: second, changes: [update], withGroups: false });
    expect(replaced).toMatchObject({ revision: 2, doc: second });
    expect(replaced!.last_modified.getTime()).toBeGreaterThan(row.last_modified.getTime());
    expect(await emails(id)).toEqual([{ position: 0, value_key: 'g@three.example', type_key: null, is_primary: false }]);
    expect(await changes(id)).toEqual([{ type: 'user.updated', data: null }]);
    // Same emails: the rows stay as they are; a second replace with the old revision writes nothing.
    const third = doc('grace', { title: 'Rear Admiral', emails: [{ value: 'G@Three.example' }] });
    expect(await replaceUserIfRevision(suite.knex, suite.tenantId, id, { expectedRevision: 2, previous: second, doc: third, changes: [], withGroups: false })).toMatchObject({ revision: 3 });
    expect(await replaceUserIfRevision(suite.knex, suite.tenantId, id, { expectedRevision: 2, previous: second, doc: third, changes: [], withGroups: false })).toBeUndefined();
    expect(await emails(id)).toEqual([{ position: 0, value_key: 'g@three.example', type_key: null, is_primary: false }]);
    // Emails removed altogether.
    await replaceUserIfRevision(suite.knex, suite.tenantId, id, { expectedRevision: 3, previous: third, doc: doc('grace'), changes: [], withGroups: false });
    expect(await emails(id)).toEqual([]);
  });

  it('returns the direct groups of a user with the row', async () => {
    const id = newResourceId();
    await createUserStatement(suite.knex, suite.tenantId, id, doc('member'), []);
    const groups = [newResourceId(), newResourceId()];
    for (const [index, groupId] of groups.entries()) {
      await suite.knex('scim_groups').insert({ tenant_id: suite.tenantId, id: groupId, display_name: `G${index}`, display_name_key: `g${index}`, doc: JSON.stringify({}) });
      await suite.knex('scim_memberships').insert({ tenant_id: suite.tenantId, group_id: groupId, member_id: id, member_type: 'User' });
    }
    const expected = groups.map((groupId, index) => ({ id: groupId, display: `G${index}` }));
    expect((await readUser(suite.knex, suite.tenantId, id, { withGroups: true }))?.direct_groups).toEqual(expected);
    expect((await readUser(suite.knex, suite.tenantId, id, { withGroups: false }))?.direct_groups).toBeUndefined();
    const replaced = await replaceUserIfRevision(suite.knex, suite.tenantId, id, { expectedRevision: 1, previous: doc('member'), doc: doc('member', { title: 'T' }), changes: [], withGroups: true });
    expect(replaced?.direct_groups).toEqual(expected);
  });
});
