/**
 * The user writes of the store on PostgreSQL and PGlite: each is one statement that writes the user, its email rows
 * and its change rows together or not at all; a create skips a taken userName; the compare-and-set update writes
 * only at the revision read and rewrites email rows only when the emails change; a removal takes the email rows
 * with the user; a replacement written without reading the user first is written only when the stored row leaves
 * nothing to decide (same `active`, emails and roles, a different document).
 */
import { describe, expect, it } from 'vitest';
import { BOTH_DATABASES, useSuiteTenant } from '../../support/both-databases.js';
import type { NewChange } from '../../../lib/store/changes-store.js';
import { newResourceId } from '../../../lib/store/ids.js';
import { insertUsers, removeUser, replaceUserIfNothingToDecide, updateUserAtRevision } from '../../../lib/store/user-writes.js';
import { findUser } from '../../../lib/store/users-store.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const doc = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, ...extra });
const created = (id: string): NewChange => ({ type: 'user.created', resourceType: 'User', resourceId: id, data: { id } });

describe.each(BOTH_DATABASES)('user writes on %s', (_name, open) => {
  const suite = useSuiteTenant(open, 'user writes');

  const emails = (id: string) =>
    suite.knex('scim_user_emails').where({ tenant_id: suite.tenantId, user_id: id }).orderBy('position').select('position', 'value_key', 'type_key', 'is_primary');
  const changes = (id: string) => suite.knex('scim_changes').where({ tenant_id: suite.tenantId, resource_id: id }).orderBy('seq').select('type', 'data');
  const insertOne = async (next: Record<string, unknown>) => {
    const id = newResourceId();
    const [row] = await insertUsers(suite.knex, suite.tenantId, [{ id, doc: next }], []);
    return row!;
  };

  it('creates users, their emails and their change rows in one statement', async () => {
    const [a, b] = [newResourceId(), newResourceId()];
    const statements: string[] = [];
    const listener = (q: { sql: string }) => statements.push(q.sql);
    suite.knex.on('query', listener);
    const rows = await insertUsers(
      suite.knex,
      suite.tenantId,
      [
        { id: a, doc: doc('Ada.L', { externalId: 'x1', active: false, emails: [{ value: 'Ada@Example.COM', type: 'Work', primary: true }, { value: 'a@b.c' }] }) },
        { id: b, doc: doc('Bea') },
      ],
      [created(a), created(b)],
    );
    suite.knex.off('query', listener);
    expect(statements).toHaveLength(1);
    expect(rows.map((row) => row.id)).toEqual([a, b]);
    expect(rows[0]).toMatchObject({ id: a, user_name: 'Ada.L', external_id: 'x1', active: false, revision: 1, direct_groups: [], doc: { userName: 'Ada.L' } });
    expect(await emails(a)).toEqual([
      { position: 0, value_key: 'ada@example.com', type_key: 'work', is_primary: true },
      { position: 1, value_key: 'a@b.c', type_key: null, is_primary: false },
    ]);
    expect(await changes(a)).toEqual([{ type: 'user.created', data: { id: a } }]);
    expect(await changes(b)).toEqual([{ type: 'user.created', data: { id: b } }]);
  });

  it('skips a user whose userName is taken, by a stored user or an earlier one of the list, and writes nothing of it', async () => {
    await insertOne(doc('taken'));
    const [late, first, second] = [newResourceId(), newResourceId(), newResourceId()];
    const rows = await insertUsers(
      suite.knex,
      suite.tenantId,
      [
        { id: late, doc: doc('TAKEN', { emails: [{ value: 'x@y.z' }] }) },
        { id: first, doc: doc('twice') },
        { id: second, doc: doc('Twice', { emails: [{ value: 't@y.z' }] }) },
      ],
      [created(late), created(first), created(second)],
    );
    expect(rows.map((row) => row.id)).toEqual([first]);
    for (const id of [late, second]) {
      expect(await emails(id)).toEqual([]);
      expect(await changes(id)).toEqual([]);
    }
  });

  it('updates at the expected revision only, rewriting emails when they change', async () => {
    const first = doc('grace', { emails: [{ value: 'g@one.example' }, { value: 'g@two.example' }] });
    const row = await insertOne(first);
    const id = row.id;
    const second = doc('grace', { title: 'Admiral', emails: [{ value: 'G@Three.example' }] });
    const update: NewChange = { type: 'user.updated', resourceType: 'User', resourceId: id };
    expect(await updateUserAtRevision(suite.knex, suite.tenantId, id, { revision: 7, previous: first, doc: second, changes: [update] })).toBeUndefined();
    expect(await changes(id)).toEqual([]);
    const updated = await updateUserAtRevision(suite.knex, suite.tenantId, id, { revision: row.revision, previous: first, doc: second, changes: [update] });
    expect(updated).toMatchObject({ revision: 2, doc: second });
    expect(updated!.last_modified.getTime()).toBeGreaterThan(row.last_modified.getTime());
    expect(await emails(id)).toEqual([{ position: 0, value_key: 'g@three.example', type_key: null, is_primary: false }]);
    expect(await changes(id)).toEqual([{ type: 'user.updated', data: null }]);
    // Same emails: no statement touches the mirror; a second update at the old revision writes nothing.
    const third = doc('grace', { title: 'Rear Admiral', emails: [{ value: 'G@Three.example' }] });
    const statements: string[] = [];
    const listener = (q: { sql: string }) => statements.push(q.sql);
    suite.knex.on('query', listener);
    expect(await updateUserAtRevision(suite.knex, suite.tenantId, id, { revision: 2, previous: second, doc: third, changes: [] })).toMatchObject({ revision: 3 });
    suite.knex.off('query', listener);
    expect(statements.join('\n')).not.toContain('scim_user_emails');
    expect(await updateUserAtRevision(suite.knex, suite.tenantId, id, { revision: 2, previous: second, doc: third, changes: [] })).toBeUndefined();
    expect(await emails(id)).toEqual([{ position: 0, value_key: 'g@three.example', type_key: null, is_primary: false }]);
    // Emails removed altogether.
    await updateUserAtRevision(suite.knex, suite.tenantId, id, { revision: 3, previous: third, doc: doc('grace'), changes: [] });
    expect(await emails(id)).toEqual([]);
  });

  it('writes a replacement without reading the user only when active, emails and roles stay as stored', async () => {
    const emailsOf = [{ value: 'l@one.example', type: 'work' }];
    const first = doc('lin', { title: 'One', emails: emailsOf, roles: [{ value: 'a' }] });
    const row = await insertOne(first);
    const id = row.id;
    const groupId = newResourceId();
    await suite.knex('scim_groups').insert({ tenant_id: suite.tenantId, id: groupId, display_name: 'Team', display_name_key: 'team', doc: JSON.stringify({}) });
    await suite.knex('scim_memberships').insert({ tenant_id: suite.tenantId, group_id: groupId, member_id: id, member_type: 'User' });
    const updated: NewChange = { type: 'user.updated', resourceType: 'User', resourceId: id };
    const replace = (next: Record<string, unknown>) => replaceUserIfNothingToDecide(suite.knex, suite.tenantId, id, true, { doc: next, changes: [updated] });
    const statements: string[] = [];
    const listener = (q: { sql: string }) => statements.push(q.sql);
    suite.knex.on('query', listener);
    const second = doc('Lin', { title: 'Two', emails: emailsOf, roles: [{ value: 'a' }] });
    const written = await replace(second);
    suite.knex.off('query', listener);
    expect(statements).toHaveLength(1);
    expect(written).toMatchObject({ revision: 2, user_name: 'Lin', active: true, doc: second, direct_groups: [{ id: groupId, display: 'Team' }] });
    expect(written!.last_modified.getTime()).toBeGreaterThan(row.last_modified.getTime());
    expect(await findUser(suite.knex, suite.tenantId, id)).toMatchObject({ revision: 2, user_name: 'Lin', doc: second });
    expect(await changes(id)).toEqual([{ type: 'user.updated', data: null }]);
    // Each of these needs a decision in Node: nothing is written.
    for (const next of [
      second,
      doc('Lin', { title: 'Three', emails: [{ value: 'l@two.example', type: 'work' }], roles: [{ value: 'a' }] }),
      doc('Lin', { title: 'Three', emails: emailsOf }),
      doc('Lin', { title: 'Three', emails: emailsOf, roles: [{ value: 'a' }], active: false }),
    ]) {
      expect(await replace(next)).toBeUndefined();
    }
    expect(await findUser(suite.knex, suite.tenantId, id)).toMatchObject({ revision: 2, doc: second });
    expect(await changes(id)).toHaveLength(1);
    expect(await emails(id)).toEqual([{ position: 0, value_key: 'l@one.example', type_key: 'work', is_primary: false }]);
    expect(await replaceUserIfNothingToDecide(suite.knex, suite.tenantId, newResourceId(), false, { doc: second, changes: [] })).toBeUndefined();
  });

  it('reads a user with its direct groups when asked', async () => {
    const { id } = await insertOne(doc('member'));
    const groups = [newResourceId(), newResourceId()];
    for (const [index, groupId] of groups.entries()) {
      await suite.knex('scim_groups').insert({ tenant_id: suite.tenantId, id: groupId, display_name: `G${index}`, display_name_key: `g${index}`, doc: JSON.stringify({}) });
      await suite.knex('scim_memberships').insert({ tenant_id: suite.tenantId, group_id: groupId, member_id: id, member_type: 'User' });
    }
    expect((await findUser(suite.knex, suite.tenantId, id, { withGroups: true }))?.direct_groups).toEqual(groups.map((groupId, index) => ({ id: groupId, display: `G${index}` })));
    expect((await findUser(suite.knex, suite.tenantId, id))?.direct_groups).toBeUndefined();
  });

  it('removes a user with its email rows and change rows, or leaves a tombstone with its emails', async () => {
    const kept = await insertOne(doc('kept', { emails: [{ value: 'k@x' }] }));
    const gone = await insertOne(doc('gone', { emails: [{ value: 'g@x' }, { value: 'g@y' }] }));
    const deleted: NewChange = { type: 'user.deleted', resourceType: 'User', resourceId: gone.id };
    expect((await removeUser(suite.knex, suite.tenantId, gone.id, { tombstone: false, changes: [deleted] }))?.id).toBe(gone.id);
    expect(await emails(gone.id)).toEqual([]);
    expect(await emails(kept.id)).toHaveLength(1);
    expect(await changes(gone.id)).toEqual([{ type: 'user.deleted', data: null }]);
    expect(await removeUser(suite.knex, suite.tenantId, gone.id, { tombstone: false, changes: [deleted] })).toBeUndefined();
    expect(await changes(gone.id)).toHaveLength(1);
    const tombstone = await removeUser(suite.knex, suite.tenantId, kept.id, { tombstone: true, changes: [] });
    expect(tombstone?.id).toBe(kept.id);
    expect(await findUser(suite.knex, suite.tenantId, kept.id)).toBeUndefined();
    expect(await emails(kept.id)).toHaveLength(1);
  });
});
