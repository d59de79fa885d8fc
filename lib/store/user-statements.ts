/**
 * User writes as single statements: the user row, its email mirror rows and its change-feed rows in one
 * data-modifying CTE. A statement is atomic on its own, so these need no BEGIN/COMMIT; a create or replace costs
 * one round trip to PostgreSQL instead of five to seven, which is what bounds a write's throughput. They run just
 * as well inside a transaction (a caller with host hooks opens one).
 */
import type { Knex } from 'knex';
import type { NewChange } from './changes-store.js';
import { changeRowsBindings, insertChangeRowsSql } from './change-rows-sql.js';
import { directGroupsColumn } from './direct-groups-column.js';
import { liveIdCondition } from './live-id.js';
import { preparedRaw } from './prepared-statement.js';
import { sqlText } from './sql-text.js';
import type { UserRow } from './resource-row.js';
import { userEmailRows, userKeyColumns, type UserEmailRow } from './user-columns.js';

const RETURNED = 'tenant_id, id, seq, doc, revision, created_at, last_modified, user_name, external_id, active';
/**
 * What a create returns: the row without `doc`, which the caller has (the document just written). Sending the
 * jsonb back cost PostgreSQL its text output and the server a JSON.parse per create.
 */
const CREATED = 'tenant_id, id, seq, revision, created_at, last_modified, user_name, external_id, active';

/** The key columns in the order the statements below bind them. */
function keyValues(doc: Readonly<Record<string, unknown>>): Knex.Value[] {
  const keys = userKeyColumns(doc);
  return [keys.user_name, keys.user_name_key, keys.external_id, keys.active, keys.display_name, keys.given_name, keys.family_name];
}

function emailRowsJson(rows: readonly UserEmailRow[]): string {
  return JSON.stringify(rows.map(({ position, value_key, type_key, is_primary }) => ({ position, value_key, type_key, is_primary })));
}

/** Inserts the email rows of the jsonb parameter for the user in CTE `u`, once `after` (a SQL condition) holds. */
function insertEmailsSql(after: string): string {
  return `insert into scim_user_emails (tenant_id, user_id, position, value_key, type_key, is_primary)
          select u.tenant_id, u.id, x.position, x.value_key, x.type_key, x.is_primary
            from u, jsonb_to_recordset(?::jsonb) as x(position integer, value_key text, type_key text, is_primary boolean)
           where ${after}`;
}

/**
 * Inserts a user with its email rows and `changes` in one statement; the row comes back with no direct groups (a
 * new user has none). userName uniqueness is the unique index: a duplicate raises 23505 (→ 409 via withPgErrors)
 * and nothing is written.
 */
export async function createUserStatement(db: Knex, tenantId: string, id: string, doc: Readonly<Record<string, unknown>>, changes: readonly NewChange[]): Promise<UserRow> {
  const emails = userEmailRows(tenantId, id, doc);
  const bindings: Knex.Value[] = [tenantId, id, JSON.stringify(doc), ...keyValues(doc)];
  if (emails.length > 0) bindings.push(emailRowsJson(emails));
  if (changes.length > 0) bindings.push(...changeRowsBindings(tenantId, changes));
  const sql = sqlText(`create user|${emails.length > 0}|${changes.length > 0}`, () => {
    const parts = [
      `u as (insert into scim_users (tenant_id, id, doc, user_name, user_name_key, external_id, active, display_name, given_name, family_name)
             values (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?) returning ${CREATED})`,
    ];
    if (emails.length > 0) parts.push(`e as (${insertEmailsSql('true')})`);
    if (changes.length > 0) parts.push(`c as (${insertChangeRowsSql('exists (select 1 from u)')})`);
    return `with ${parts.join(',\n')} select * from u`;
  });
  const result = await preparedRaw<{ rows: Omit<UserRow, 'doc'>[] }>(db, sql, bindings);
  const row = result.rows[0];
  if (!row) throw new Error(`Inserting user ${id} returned no row.`);
  return { ...row, doc: { ...doc }, direct_groups: [] };
}

/** What {@link replaceUserIfRevision} writes. */
export interface UserReplacement {
  /** The revision the new document was computed from: the write happens only while the row still has it. */
  readonly expectedRevision: number;
  /** The stored document at that revision (to skip rewriting unchanged email rows). */
  readonly previous: Readonly<Record<string, unknown>>;
  readonly doc: Readonly<Record<string, unknown>>;
  readonly changes: readonly NewChange[];
  /** Also read the user's direct groups (`User.groups`) in the same statement. */
  readonly withGroups: boolean;
}

/**
 * Replaces a user's document, bumps its revision and writes its email rows and `changes`, in one statement, but
 * only while the stored revision is still `expectedRevision` (compare-and-set: a concurrent write in between makes
 * this write nothing). Undefined when the user is gone or its revision moved; the caller reads again or locks.
 * Email rows are rewritten only when they differ; the delete runs before the insert (the insert reads its
 * result), so the rows' primary key never sees old and new at once.
 */
export async function replaceUserIfRevision(db: Knex, tenantId: string, id: string, write: UserReplacement): Promise<UserRow | undefined> {
  const bindings: Knex.Value[] = [JSON.stringify(write.doc), ...keyValues(write.doc), tenantId, id, write.expectedRevision];
  const emails = userEmailRows(tenantId, id, write.doc);
  const rewriteEmails = JSON.stringify(emails) !== JSON.stringify(userEmailRows(tenantId, id, write.previous));
  if (rewriteEmails) {
    bindings.push(tenantId, id);
    if (emails.length > 0) bindings.push(emailRowsJson(emails));
  }
  if (write.changes.length > 0) bindings.push(...changeRowsBindings(tenantId, write.changes));
  const key = `replace user|${rewriteEmails}|${emails.length > 0}|${write.changes.length > 0}|${write.withGroups}`;
  const sql = sqlText(key, () => {
    const parts = [
      `u as (update scim_users
                set doc = ?::jsonb, user_name = ?, user_name_key = ?, external_id = ?, active = ?, display_name = ?, given_name = ?,
                    family_name = ?, revision = revision + 1, last_modified = greatest(now(), last_modified + interval '1 microsecond')
              where tenant_id = ? and id = ? and ${liveIdCondition()} and revision = ?
          returning ${RETURNED})`,
    ];
    if (rewriteEmails) {
      parts.push(`d as (delete from scim_user_emails where tenant_id = ? and user_id = ? and exists (select 1 from u) returning 1)`);
      if (emails.length > 0) parts.push(`e as (${insertEmailsSql('(select count(*) from d) >= 0')})`);
    }
    if (write.changes.length > 0) parts.push(`c as (${insertChangeRowsSql('exists (select 1 from u)')})`);
    const select = write.withGroups ? `select u.*, ${directGroupsColumn('u')} from u` : 'select * from u';
    return `with ${parts.join(',\n')} ${select}`;
  });
  const result = await preparedRaw<{ rows: UserRow[] }>(db, sql, bindings);
  return result.rows[0];
}

/** A user by id with its direct groups when asked, or undefined; one statement, no lock. */
export async function readUser(db: Knex, tenantId: string, id: string, options: { withGroups: boolean }): Promise<UserRow | undefined> {
  const sql = sqlText(`read user|${options.withGroups}`, () => {
    const groups = options.withGroups ? `, ${directGroupsColumn('r')}` : '';
    return `select ${RETURNED.split(', ').map((column) => `r.${column}`).join(', ')}${groups}
       from scim_users r where r.tenant_id = ? and r.id = ? and ${liveIdCondition('r')}`;
  });
  const result = await preparedRaw<{ rows: UserRow[] }>(db, sql, [tenantId, id]);
  return result.rows[0];
}
