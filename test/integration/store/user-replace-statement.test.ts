/**
 * The unread user replace on PostgreSQL and PGlite: one statement that writes only a changed document, rewrites
 * email rows only when `emails` changes, writes `user.deactivated` / `user.reactivated` only when `active` flips,
 * and reports `missing` and `raced` instead of writing.
 */
import { describe, expect, it } from 'vitest';
import { BOTH_DATABASES, useSuiteTenant } from '../../support/both-databases.js';
import { ScimError } from '../../../lib/scim/errors.js';
import type { NewChange } from '../../../lib/store/changes-store.js';
import { newResourceId } from '../../../lib/store/ids.js';
import { withPgErrors } from '../../../lib/store/pg-errors.js';
import { replaceUserUnread, type UnreadUserReplacement } from '../../../lib/store/user-replace-statement.js';
import { createUserStatement } from '../../../lib/store/user-statements.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const doc = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, active: true, ...extra });

/** The replacement of `id` by `next`, with the change rows the users service passes. */
function replacement(id: string, next: Record<string, unknown>, withGroups = false): UnreadUserReplacement {
  const data = { userName: next.userName, active: next.active };
  const updated: NewChange = { type: 'user.updated', resourceType: 'User', resourceId: id, data };
  const activeChange: NewChange = { type: next.active === false ? 'user.deactivated' : 'user.reactivated', resourceType: 'User', resourceId: id, data };
  return { doc: next, updated, activeChange, withGroups };
}

describe.each(BOTH_DATABASES)('unread user replace on %s', (_name, open) => {
  const suite = useSuiteTenant(open, 'unread replace');

  const emails = (id: string) => suite.knex('scim_user_emails').where({ tenant_id: suite.tenantId, user_id: id }).orderBy('position').pluck('value_key');
  const changeTypes = (id: string) => suite.knex('scim_changes').where({ tenant_id: suite.tenantId, resource_id: id }).orderBy('seq').pluck('type');
  const create = async (next: Record<string, unknown>) => {
    const id = newResourceId();
    await createUserStatement(suite.knex, suite.tenantId, id, next, []);
    return id;
  };

  it('writes a changed document in one statement, bumping the revision, and leaves unchanged emails alone', async () => {
    const id = await create(doc('ada', { emails: [{ value: 'ada@one.example' }] }));
    const emailIds = await suite.knex('scim_user_emails').where({ user_id: id }).pluck('value_key');
    const statements: string[] = [];
    const listener = (q: { sql: string }) => statements.push(q.sql);
    suite.knex.on('query', listener);
    const outcome = await replaceUserUnread(suite.knex, suite.tenantId, id, replacement(id, doc('ada', { title: 'Countess', emails: [{ value: 'ada@one.example' }] })));
    suite.knex.off('query', listener);
    expect(statements).toHaveLength(1);
    expect(outcome).toMatchObject({ kind: 'written', row: { id, revision: 2, user_name: 'ada', active: true } });
    expect(await emails(id)).toEqual(emailIds);
    expect(await changeTypes(id)).toEqual(['user.updated']);
  });

  it('rewrites email rows when emails change, and records a deactivation only when active flips', async () => {
    const id = await create(doc('grace', { emails: [{ value: 'g@one.example' }, { value: 'g@two.example' }] }));
    const off = await replaceUserUnread(suite.knex, suite.tenantId, id, replacement(id, doc('grace', { active: false, emails: [{ value: 'G@Three.example' }] })));
    expect(off).toMatchObject({ kind: 'written', row: { revision: 2, active: false } });
    expect(await emails(id)).toEqual(['g@three.example']);
    const stillOff = await replaceUserUnread(suite.knex, suite.tenantId, id, replacement(id, doc('grace', { active: false, title: 'Admiral' })));
    expect(stillOff).toMatchObject({ kind: 'written', row: { revision: 3 } });
    expect(await emails(id)).toEqual([]);
    await replaceUserUnread(suite.knex, suite.tenantId, id, replacement(id, doc('grace', { active: true, title: 'Admiral' })));
    expect(await changeTypes(id)).toEqual(['user.updated', 'user.deactivated', 'user.updated', 'user.updated', 'user.reactivated']);
  });

  it('writes nothing for an equal document and returns the stored row as unchanged', async () => {
    const stored = doc('linus', { name: { givenName: 'Linus' }, emails: [{ value: 'l@x.example', primary: true }] });
    const id = await create(stored);
    const reordered = { emails: [{ primary: true, value: 'l@x.example' }], name: { givenName: 'Linus' }, active: true, userName: 'linus', schemas: [USER] };
    const outcome = await replaceUserUnread(suite.knex, suite.tenantId, id, replacement(id, reordered, true));
    expect(outcome).toMatchObject({ kind: 'unchanged', row: { id, revision: 1, direct_groups: [] } });
    expect(await changeTypes(id)).toEqual([]);
  });

  it('reports a missing user, and a deleted one, without writing', async () => {
    const unknown = newResourceId();
    expect(await replaceUserUnread(suite.knex, suite.tenantId, unknown, replacement(unknown, doc('nobody')))).toEqual({ kind: 'missing' });
    const id = await create(doc('gone'));
    await suite.knex('scim_users').where({ tenant_id: suite.tenantId, id }).update({ deleted_at: suite.knex.fn.now() });
    expect(await replaceUserUnread(suite.knex, suite.tenantId, id, replacement(id, doc('gone', { title: 'x' })))).toEqual({ kind: 'missing' });
    expect(await changeTypes(id)).toEqual([]);
  });

  it('refuses a taken userName with 409 and writes nothing', async () => {
    await create(doc('taken-name'));
    const id = await create(doc('free-name', { emails: [{ value: 'f@x.example' }] }));
    const error = await withPgErrors(() =>
      replaceUserUnread(suite.knex, suite.tenantId, id, replacement(id, doc('TAKEN-NAME', { emails: [{ value: 'other@x.example' }] }))),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(409);
    expect(await emails(id)).toEqual(['f@x.example']);
    expect(await changeTypes(id)).toEqual([]);
  });
});
