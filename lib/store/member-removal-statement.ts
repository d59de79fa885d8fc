/**
 * Removing members from a group as one statement (RFC 7644 §3.5.2.2 `members[value eq "…"]`, Entra's remove with
 * a value list): lock the group row, delete the membership rows, bump the group's revision when any went, and
 * append one `group.member_removed` change per removed member, in one data-modifying CTE. One round trip instead of
 * six (BEGIN, lock, delete, update, changes, COMMIT), and atomic on its own.
 */
import type { Knex } from 'knex';
import { liveIdCondition } from './live-id.js';
import { GROUP_MEMBER_KEYS_SQL, groupMemberKeysBindings, type MemberRef } from './memberships-store.js';
import { preparedRaw } from './prepared-statement.js';
import { sqlText } from './sql-text.js';
import type { GroupRow } from './resource-row.js';

/** What the removal did. */
export interface MemberRemoval {
  /** The group after the removal: its revision moved when a member was removed. */
  readonly group: GroupRow;
  /** The members that were members and are not any more. */
  readonly removed: MemberRef[];
}

interface RemovalRow extends GroupRow {
  readonly new_revision: number | null;
  readonly new_last_modified: Date | null;
  readonly removed: MemberRef[] | null;
}

const GROUP = 'tenant_id, id, seq, doc, revision, created_at, last_modified, display_name, external_id';

/**
 * Removes `memberIds` (lower-case UUIDs) from a live group, only while its revision is `ifRevision` when given.
 * Undefined when there is no such group at that revision: the caller tells 404 from 412 the usual way.
 *
 * The group row is locked (`for no key update`, as every group write does) before any membership row: the delete
 * waits for the lock through its one-time filter, so this statement takes locks in the order the transactional
 * writes take them and cannot deadlock with them. The change rows carry `{memberId, memberType}`, as
 * `membershipChanges` writes them.
 */
export async function removeMembersStatement(
  db: Knex,
  tenantId: string,
  groupId: string,
  memberIds: readonly string[],
  ifRevision?: number,
): Promise<MemberRemoval | undefined> {
  const ids = [...new Set(memberIds)];
  // One member (the common request) as plain equality: all three primary-key columns are then equalities, which
  // the planner takes under any statistics; several as one primary-key probe each (GROUP_MEMBER_KEYS_SQL), where
  // `= any(array)` on a table it has no statistics for lost to reading the whole group with the array as a filter.
  const single = ids.length === 1;
  const keys = single ? '' : `using (${GROUP_MEMBER_KEYS_SQL}) as k`;
  const memberCondition = single ? 'm.member_id = ?::uuid' : 'm.ctid = k.row_id';
  const sql = sqlText(`remove members|${single}|${ifRevision === undefined}`, () => `with g as (select ${GROUP} from scim_groups
                 where tenant_id = ? and id = ? and ${liveIdCondition()} ${ifRevision === undefined ? '' : 'and revision = ?'}
                   for no key update),
          d as (delete from scim_memberships m ${keys}
                 where m.tenant_id = ? and m.group_id = ? and ${memberCondition} and exists (select 1 from g)
             returning m.member_id, m.member_type),
          u as (update scim_groups s
                   set revision = s.revision + 1, last_modified = greatest(now(), s.last_modified + interval '1 microsecond')
                 where s.tenant_id = ? and s.id = ? and exists (select 1 from d)
             returning s.revision, s.last_modified),
          c as (insert into scim_changes (tenant_id, type, resource_type, resource_id, data)
                select ?, 'group.member_removed', 'Group', ?::uuid, jsonb_build_object('memberId', d.member_id, 'memberType', d.member_type)
                  from d)
     select g.*, u.revision as new_revision, u.last_modified as new_last_modified,
            (select json_agg(json_build_object('id', d.member_id, 'type', d.member_type)) from d) as removed
       from g left join u on true`);
  const result = await preparedRaw<{ rows: RemovalRow[] }>(
    db,
    sql,
    [
      tenantId,
      groupId,
      ...(ifRevision === undefined ? [] : [ifRevision]),
      ...(single ? [] : groupMemberKeysBindings(tenantId, groupId, ids)),
      tenantId,
      groupId,
      ...(single ? [ids[0] as string] : []),
      tenantId,
      groupId,
      tenantId,
      groupId,
    ],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  const { new_revision: newRevision, new_last_modified: newLastModified, removed, ...group } = row;
  return {
    group: newRevision === null || newLastModified === null ? group : { ...group, revision: newRevision, last_modified: newLastModified },
    removed: removed ?? [],
  };
}
