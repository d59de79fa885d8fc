/**
 * A user's full replace (PUT) as one statement that reads the stored row itself: the read, the compare-and-set
 * update, the email mirror rows and the change-feed rows in one data-modifying CTE. The read-then-write replace
 * (user-statements.ts) costs two round trips; on the 2-core benchmark machine each statement is 60–100 µs of the
 * server's CPU besides PostgreSQL's own, so a PUT that needs nothing from the stored document in Node (no host hook,
 * no `If-Match`, no immutable attributes) is written without reading it first.
 *
 * What the statement decides that Node used to:
 * - unchanged (`doc` equal as jsonb): nothing is written and the stored row comes back (`unchanged`);
 * - email rows are rewritten only when `emails` differs, delete before insert as in user-statements.ts;
 * - `user.deactivated` / `user.reactivated` is written only when `active` really flips (`activeChange`).
 * The update holds only while the row still has the revision read (`s.revision = o.revision`); a concurrent write
 * in between makes it write nothing and the outcome `raced`, and a missing user `missing`: the caller then takes
 * the locked path, which answers 404 or writes.
 */
import type { Knex } from 'knex';
import type { NewChange } from './changes-store.js';
import { directGroupsColumn } from './direct-groups-column.js';
import { liveIdCondition } from './live-id.js';
import { preparedRaw } from './prepared-statement.js';
import type { UserRow } from './resource-row.js';
import { userEmailRows, userKeyColumns } from './user-columns.js';

/** What {@link replaceUserUnread} writes. */
export interface UnreadUserReplacement {
  readonly doc: Readonly<Record<string, unknown>>;
  /** `user.updated`: written whenever the document changes. */
  readonly updated: NewChange;
  /** `user.deactivated` or `user.reactivated` (the one `doc.active` could mean): written only when `active` flips. */
  readonly activeChange: NewChange;
  /** Also read the user's direct groups (`User.groups`) in the same statement. */
  readonly withGroups: boolean;
}

/** How an unread replace ended. */
export type UnreadReplaceOutcome =
  | { readonly kind: 'written' | 'unchanged'; readonly row: UserRow }
  | { readonly kind: 'missing' | 'raced' };

// Without `doc`: a written or unchanged outcome has the caller's document (jsonb-equal to the stored one when
// unchanged), so sending the jsonb back would only cost its text output and a JSON.parse.
const COLUMNS = ['tenant_id', 'id', 'seq', 'revision', 'created_at', 'last_modified', 'user_name', 'external_id', 'active'];

function columnsOf(alias: string): string {
  return COLUMNS.map((column) => `${alias}.${column}`).join(', ');
}

function changeRow(change: NewChange, onActiveChange: boolean): Record<string, unknown> {
  return {
    type: change.type,
    resource_type: change.resourceType,
    resource_id: change.resourceId,
    on_active_change: onActiveChange,
    ...(change.data === undefined ? {} : { data: change.data }),
  };
}

/** The statement's text, with or without `direct_groups`. */
function replaceSql(withGroups: boolean): string {
  const groups = (alias: string): string => (withGroups ? `, ${directGroupsColumn(alias)}` : '');
  const emailsDiffer = `(o.doc -> 'emails') is distinct from (p.doc -> 'emails')`;
  return `with p as (select ?::jsonb as doc),
    o as (select ${columnsOf('r')}, r.doc from scim_users r where r.tenant_id = ? and r.id = ? and ${liveIdCondition('r')}),
    u as (update scim_users s
             set doc = p.doc, user_name = ?, user_name_key = ?, external_id = ?, active = ?, display_name = ?, given_name = ?,
                 family_name = ?, revision = s.revision + 1, last_modified = greatest(now(), s.last_modified + interval '1 microsecond')
            from o, p
           where s.tenant_id = o.tenant_id and s.id = o.id and s.revision = o.revision and ${liveIdCondition('s')} and o.doc is distinct from p.doc
       returning ${columnsOf('s')}, o.active as was_active),
    d as (delete from scim_user_emails m using o, p
           where m.tenant_id = o.tenant_id and m.user_id = o.id and exists (select 1 from u) and ${emailsDiffer} returning 1),
    e as (insert into scim_user_emails (tenant_id, user_id, position, value_key, type_key, is_primary)
          select u.tenant_id, u.id, x.position, x.value_key, x.type_key, x.is_primary
            from u, o, p, jsonb_to_recordset(?::jsonb) as x(position integer, value_key text, type_key text, is_primary boolean)
           where ${emailsDiffer} and (select count(*) from d) >= 0),
    c as (insert into scim_changes (tenant_id, type, resource_type, resource_id, data)
          select u.tenant_id, x.type, x.resource_type, x.resource_id, x.data
            from u, jsonb_to_recordset(?::jsonb) as x(type text, resource_type text, resource_id uuid, data jsonb, on_active_change boolean)
           where not x.on_active_change or u.was_active is distinct from u.active)
    select 'written' as outcome, ${columnsOf('u')}${groups('u')} from u
    union all
    select case when o.doc = p.doc then 'unchanged' else 'raced' end, ${columnsOf('o')}${groups('o')}
      from o, p where not exists (select 1 from u)`;
}

// Built once: the same string object each time lets the prepared-statement cache find it without hashing and
// comparing 2 KB of fresh text per request (measured at ~10 µs a PUT).
const REPLACE_SQL = replaceSql(false);
const REPLACE_WITH_GROUPS_SQL = replaceSql(true);

/** Replaces user `id`'s document without a read before it (see the module comment). */
export async function replaceUserUnread(db: Knex, tenantId: string, id: string, write: UnreadUserReplacement): Promise<UnreadReplaceOutcome> {
  const keys = userKeyColumns(write.doc);
  const emails = userEmailRows(tenantId, id, write.doc).map(({ position, value_key, type_key, is_primary }) => ({ position, value_key, type_key, is_primary }));
  const sql = write.withGroups ? REPLACE_WITH_GROUPS_SQL : REPLACE_SQL;
  const bindings: Knex.Value[] = [
    JSON.stringify(write.doc),
    tenantId,
    id,
    keys.user_name,
    keys.user_name_key,
    keys.external_id,
    keys.active,
    keys.display_name,
    keys.given_name,
    keys.family_name,
    JSON.stringify(emails),
    JSON.stringify([changeRow(write.updated, false), changeRow(write.activeChange, true)]),
  ];
  const result = await preparedRaw<{ rows: (Omit<UserRow, 'doc'> & { outcome: 'written' | 'unchanged' | 'raced' })[] }>(db, sql, bindings);
  const found = result.rows[0];
  if (!found) return { kind: 'missing' };
  const { outcome, ...row } = found;
  if (outcome === 'raced') return { kind: 'raced' };
  return { kind: outcome, row: { ...row, doc: { ...write.doc } } };
}
