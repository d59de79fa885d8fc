/**
 * Resolving member ids (every PATCH or POST that adds group members) reads one index entry per id, whatever the
 * statistics know: right after a directory is imported, before the first ANALYZE, `id = any(array)` was planned as
 * a read of the tenant's whole id index with the array as a filter (95 ms instead of 3 ms for 100 ids among
 * 100 000 users). The index entries the statement reads are counted from PostgreSQL's own statistics, in a
 * database of its own on one connection, so no other test's reads are counted.
 */
import { expect, it } from 'vitest';
import { useUnanalysedDirectory } from '../../support/unanalysed-directory.js';
import { listDirectGroups, removeMembers, resolveMemberIds } from '../../../lib/store/memberships-store.js';

const USERS = 5000;
const TENANT = 'resolve-plans';
const directory = useUnanalysedDirectory(TENANT, USERS);
const indexEntriesRead = directory.indexEntriesRead;

/** Ids of `limit` of the tenant's users from position `offset` on. */
async function userIds(limit: number, offset: number): Promise<string[]> {
  return (await directory.knex('scim_users').where({ tenant_id: TENANT }).orderBy('seq').limit(limit).offset(offset).select('id')).map((row: { id: string }) => row.id);
}

/** A new group with every user of the tenant as a member; returns its id. */
async function groupOfAllUsers(name: string): Promise<string> {
  const { rows } = await directory.knex.raw<{ rows: { id: string }[] }>(
    `insert into scim_groups (tenant_id, id, display_name, display_name_key, doc) values (?, gen_random_uuid(), ?, ?, '{}'::jsonb) returning id::text`,
    [TENANT, name, name],
  );
  const groupId = rows[0]?.id as string;
  await directory.knex.raw(`insert into scim_memberships (tenant_id, group_id, member_id, member_type) select tenant_id, ?, id, 'User' from scim_users where tenant_id = ?`, [groupId, TENANT]);
  return groupId;
}

it('reads one index entry per member id on a table never analysed', async () => {
  const ids = await userIds(100, 2000);
  const before = await indexEntriesRead();
  const found = await directory.knex.transaction((trx) => resolveMemberIds(trx, TENANT, ids));
  const read = (await indexEntriesRead()) - before;
  expect(found.size).toBe(100);
  expect([...found.values()].every((type) => type === 'User')).toBe(true);
  // 100 ids → about 100 entries; the tenant-wide read was all 5 000.
  expect(read).toBeLessThan(3 * ids.length);
});

it('reads the direct groups of a page of users with one index probe per user on a table never analysed', async () => {
  const groupId = await groupOfAllUsers('all');
  const ids = await userIds(100, 3000);
  const before = await indexEntriesRead('scim_memberships');
  const groups = await listDirectGroups(directory.knex, TENANT, ids);
  const read = (await indexEntriesRead('scim_memberships')) - before;
  expect([...groups.values()].every((list) => list.length === 1 && list[0]?.id === groupId)).toBe(true);
  expect(read).toBeLessThan(3 * ids.length);
});

it('removes several members of a large group reading one index entry per member on a table never analysed', async () => {
  const groupId = await groupOfAllUsers('removals');
  const ids = await userIds(20, 4000);
  for (const batch of [ids.slice(0, 1), ids.slice(1, 11)]) {
    const before = await indexEntriesRead('scim_memberships');
    const removed = await directory.knex.transaction((trx) => removeMembers(trx, TENANT, groupId, batch));
    const read = (await indexEntriesRead('scim_memberships')) - before;
    expect(removed.length).toBe(batch.length);
    expect(read).toBeLessThan(100);
  }
});
