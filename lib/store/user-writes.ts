/**
 * Every write of a tenant's users: insert, update at a revision, a replacement written without a read, delete,
 * tombstone. Each is one statement that also writes the user's email mirror rows (email-mirror.ts) and its
 * change-feed rows (change-rows.ts) as CTEs, so it is atomic on its own and runs just as well inside a transaction
 * (a host hook's).
 */
import type { Knex } from 'knex';
import type { NewChange } from './changes-store.js';
import { changeRowsBindings, insertChangeRowsSql } from './change-rows.js';
import { deleteEmailsSql, emailRowsDiffer, insertEmailsOfNewUsersBindings, insertEmailsOfNewUsersSql, rewriteEmailsBindings, rewriteEmailsSql } from './email-mirror.js';
import { deprovisionCtes, type DeprovisionRecord } from './deprovision-rows.js';
import { directGroupsColumn } from './direct-groups-column.js';
import { liveIdCondition } from './live-id-condition.js';
import type { UserRow } from './resource-row.js';
import { firstRow, resultRows } from './result-rows.js';
import { runStatement, type StatementSettings } from './statement-limits.js';
import { userKeyColumns, type UserKeyColumns } from './user-columns.js';
import { USER_COLUMNS } from './users-store.js';

/** A written row without `doc`: the caller has the document it wrote, so PostgreSQL need not send it back. */
const WRITTEN = USER_COLUMNS.filter((column) => column !== 'doc').join(', ');
const NEXT_VERSION = "revision = revision + 1, last_modified = greatest(now(), last_modified + interval '1 microsecond')";

/** The SET clause of an update of a user's document: the document, its key columns and the next version. */
const SET_USER = `set doc = ?::jsonb, user_name = ?, user_name_key = ?, external_id = ?, active = ?, display_name = ?, given_name = ?,
                  family_name = ?, ${NEXT_VERSION}`;

/** The bindings of {@link SET_USER}: the document's JSON text and its key columns. */
function setUserBindings(doc: string, keys: UserKeyColumns): Knex.Value[] {
  return [doc, keys.user_name, keys.user_name_key, keys.external_id, keys.active, keys.display_name, keys.given_name, keys.family_name];
}

/** A user to insert. */
export interface NewUser {
  readonly id: string;
  readonly doc: Readonly<Record<string, unknown>>;
}

/**
 * Inserts `users` in order, with their email rows and those of `changes` whose resource is a user inserted, in one
 * statement; returns the inserted rows. A user whose userName is taken — by a user of the tenant or by an earlier
 * user of the list — is not inserted (`on conflict do nothing` on the unique index, never check-then-insert) and is
 * absent from the result, nothing of it written; the caller reports it. Any other error fails the whole statement.
 */
export async function insertUsers(
  db: Knex,
  tenantId: string,
  users: readonly NewUser[],
  changes: readonly NewChange[],
  statement?: StatementSettings,
): Promise<UserRow[]> {
  if (users.length === 0) return [];
  // The users travel as VALUES rows rather than one jsonb array: PostgreSQL then parses each document once, where
  // unpacking an array would parse it twice (the array, then the document out of it).
  const rows = users.map(() => '(?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  const bindings: Knex.Value[] = [];
  for (const user of users) {
    const keys = userKeyColumns(user.doc);
    bindings.push(tenantId, user.id, JSON.stringify(user.doc), keys.user_name, keys.user_name_key, keys.external_id, keys.active, keys.display_name, keys.given_name, keys.family_name);
  }
  const result = await runStatement(
    db.raw(
      `with u as (
       insert into scim_users (tenant_id, id, doc, user_name, user_name_key, external_id, active, display_name, given_name, family_name)
       values ${rows}
       on conflict (tenant_id, user_name_key) where deleted_at is null do nothing
       returning ${WRITTEN}
     ),
     e as (${insertEmailsOfNewUsersSql('u')}),
     c as (${insertChangeRowsSql('x.resource_id in (select id from u)')})
     select * from u`,
      [...bindings, ...insertEmailsOfNewUsersBindings(tenantId, users), ...changeRowsBindings(tenantId, changes)],
    ),
    statement,
  );
  const docs = new Map(users.map((user) => [user.id, user.doc]));
  return resultRows<Omit<UserRow, 'doc'>>(result).map((row) => ({ ...row, doc: { ...docs.get(row.id) }, direct_groups: [] }));
}

/** What {@link updateUserAtRevision} writes. */
export interface UserUpdate {
  /** The revision the new document was computed from: the write happens only while the row still has it. */
  readonly revision: number;
  /** The stored document at that revision (email rows are rewritten only when the emails differ from it). */
  readonly previous: Readonly<Record<string, unknown>>;
  readonly doc: Readonly<Record<string, unknown>>;
  readonly changes: readonly NewChange[];
  /** Given when the write runs outside a transaction: its timeout and prepared names (statement-limits.ts). */
  readonly statement?: StatementSettings;
  /** The deprovisioning guard's part of the write; a `hold` keeps `changes` from the feed. */
  readonly deprovision?: DeprovisionRecord;
}

/** The feed CTE of a write and, with a guard record, the guard's CTEs instead of or beside it. */
function feedCtes(tenantId: string, id: string, changes: readonly NewChange[], deprovision: DeprovisionRecord | undefined): { ctes: string[]; bindings: Knex.Value[] } {
  const feed = { ctes: [`c as (${insertChangeRowsSql('exists (select 1 from u)')})`], bindings: [...changeRowsBindings(tenantId, changes)] as Knex.Value[] };
  if (deprovision === undefined) return feed;
  const guard = deprovisionCtes(tenantId, id, deprovision, changes);
  if (deprovision.action === 'hold') return guard;
  return { ctes: [...feed.ctes, ...guard.ctes], bindings: [...feed.bindings, ...guard.bindings] };
}

/**
 * Writes a user's new document, bumps its revision and writes its email rows and `changes`, in one statement, but
 * only while the stored revision is still `write.revision` (compare-and-set: a concurrent write in between makes
 * this write nothing). Undefined when the user is gone or its revision moved.
 */
export async function updateUserAtRevision(db: Knex, tenantId: string, id: string, write: UserUpdate): Promise<UserRow | undefined> {
  const keys = userKeyColumns(write.doc);
  const ctes = [
    `u as (update scim_users ${SET_USER}
            where tenant_id = ? and id = ? and ${liveIdCondition()} and revision = ?
        returning ${WRITTEN})`,
  ];
  const bindings: Knex.Value[] = [...setUserBindings(JSON.stringify(write.doc), keys), tenantId, id, write.revision];
  if (emailRowsDiffer(write.previous, write.doc)) {
    ctes.push(rewriteEmailsSql('u'));
    bindings.push(...rewriteEmailsBindings(tenantId, id, write.doc));
  }
  const feed = feedCtes(tenantId, id, write.changes, write.deprovision);
  ctes.push(...feed.ctes);
  bindings.push(...feed.bindings);
  const row = firstRow<Omit<UserRow, 'doc'>>(await runStatement(db.raw(`with ${ctes.join(',\n')} select * from u`, bindings), write.statement));
  return row && { ...row, doc: { ...write.doc } };
}

/** An attribute's value as a jsonb parameter: its JSON text, or SQL null when absent (as `doc -> 'name'` gives). */
function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** A replacement of a user that {@link replaceUserIfNothingToDecide} writes without reading the user first. */
export interface DirectReplacement {
  readonly doc: Readonly<Record<string, unknown>>;
  /** The change rows of the write, for a user whose `active` does not change. */
  readonly changes: readonly NewChange[];
  /** The statement's timeout and prepared names (statement-limits.ts); it runs outside a transaction. */
  readonly statement?: StatementSettings;
}

/** The statement of {@link replaceUserIfNothingToDecide}, without and with `User.groups` in what it returns. */
function directReplaceSql(withGroups: boolean): string {
  const returning = withGroups ? `${WRITTEN}, ${directGroupsColumn('scim_users')}` : WRITTEN;
  return `with u as (update scim_users ${SET_USER}
            where tenant_id = ? and id = ? and ${liveIdCondition()} and active = ? and doc is distinct from ?::jsonb
              and doc -> 'emails' is not distinct from ?::jsonb and doc -> 'roles' is not distinct from ?::jsonb
        returning ${returning}),
     c as (${insertChangeRowsSql('exists (select 1 from u)')})
     select * from u`;
}

const DIRECT_REPLACE = { withGroups: directReplaceSql(true), withoutGroups: directReplaceSql(false) };

/**
 * Writes `replacement` over a live user, with its change rows, in one statement and without reading the user
 * first, but only when the stored row leaves nothing to decide in Node: the same `active` (no activation change,
 * nothing for the deprovisioning guard), the same `emails` (no mirror rewrite) and `roles` (no role change), and a
 * document that differs. Returns the row as written (with `User.groups` when `withGroups`); undefined when it wrote
 * nothing — no such user, or a row that needs those decisions — and the caller then reads the user.
 */
export async function replaceUserIfNothingToDecide(
  db: Knex,
  tenantId: string,
  id: string,
  withGroups: boolean,
  replacement: DirectReplacement,
): Promise<UserRow | undefined> {
  const keys = userKeyColumns(replacement.doc);
  const doc = JSON.stringify(replacement.doc);
  const result = await runStatement(
    db.raw(withGroups ? DIRECT_REPLACE.withGroups : DIRECT_REPLACE.withoutGroups, [
      ...setUserBindings(doc, keys),
      tenantId,
      id,
      keys.active,
      doc,
      jsonOrNull(replacement.doc.emails),
      jsonOrNull(replacement.doc.roles),
      ...changeRowsBindings(tenantId, replacement.changes),
    ]),
    replacement.statement,
  );
  const row = firstRow<Omit<UserRow, 'doc'>>(result);
  return row && { ...row, doc: { ...replacement.doc } };
}

/**
 * Removes a user for good, or leaves a tombstone (`deleted_at` set, revision bumped) that every SCIM read skips and
 * the host's read API can still return; with its email rows (deleted with the user, kept with a tombstone) and
 * `changes`, in one statement. Returns the row as it was, or undefined when there is no live user with that id.
 */
export async function removeUser(
  db: Knex,
  tenantId: string,
  id: string,
  options: { readonly tombstone: boolean; readonly changes: readonly NewChange[]; readonly deprovision?: DeprovisionRecord; readonly heldTombstone?: boolean },
): Promise<UserRow | undefined> {
  // `heldTombstone`: the row to remove is the tombstone a held deletion left (approved now), not a live user.
  const where = options.heldTombstone ? 'tenant_id = ? and id = ? and deleted_at is not null' : `tenant_id = ? and id = ? and ${liveIdCondition()}`;
  const user = options.tombstone
    ? `u as (update scim_users set deleted_at = now(), ${NEXT_VERSION} where ${where} returning ${USER_COLUMNS.join(', ')})`
    : `u as (delete from scim_users where ${where} returning ${USER_COLUMNS.join(', ')})`;
  const emails = options.tombstone ? [] : [`e as (${deleteEmailsSql('u')})`];
  const feed = feedCtes(tenantId, id, options.changes, options.deprovision);
  // Runs in the removal's transaction, which is bounded as a whole.
  const result = await db.raw(`with ${[user, ...emails, ...feed.ctes].join(',\n')} select * from u`, [
    tenantId,
    id,
    ...(options.tombstone ? [] : [tenantId, id]),
    ...feed.bindings,
  ]);
  return firstRow<UserRow>(result);
}

/**
 * Brings back the tombstone a held deletion left (the deletion discarded): live again, revision bumped, no feed
 * rows (the host never saw it go). Undefined when there is no such tombstone.
 */
export async function reviveUser(db: Knex, tenantId: string, id: string): Promise<UserRow | undefined> {
  const result = await db.raw(
    `update scim_users set deleted_at = null, ${NEXT_VERSION} where tenant_id = ? and id = ? and deleted_at is not null returning ${USER_COLUMNS.join(', ')}`,
    [tenantId, id],
  );
  return firstRow<UserRow>(result);
}
