/**
 * The one-statement PUT (user-replace-statement.ts) reads one user's index entries, whatever the statistics know.
 * Right after a directory is filled, before the first ANALYZE, PostgreSQL rated the indexes leading with
 * `tenant_id` alike and updated through the partial userName index with the id as a filter: a read of the whole
 * tenant per PUT. Stating the live-row condition on the updated row lets the live-row id index win (as
 * `liveIdCondition` does for reads). Index entries read are counted from PostgreSQL's statistics, in a database of
 * the test's own on one connection.
 */
import { expect, it } from 'vitest';
import { useUnanalysedDirectory } from '../../support/unanalysed-directory.js';
import { replaceUserUnread } from '../../../lib/store/user-replace-statement.js';

const USERS = 5000;
const TENANT = 'replace-plans';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const directory = useUnanalysedDirectory(TENANT, USERS);
const indexEntriesRead = directory.indexEntriesRead;

it('replaces a user among thousands without statistics by reading a handful of index entries', async () => {
  const { rows } = await directory.knex.raw<{ rows: { id: string; analysed: boolean }[] }>(
    `select u.id::text, (select last_analyze is not null or last_autoanalyze is not null from pg_stat_user_tables where relname = 'scim_users') as analysed
       from scim_users u where u.tenant_id = ? order by u.seq offset ? limit 1`,
    [TENANT, USERS / 2],
  );
  const id = rows[0]?.id as string;
  expect(rows[0]?.analysed).toBe(false);
  for (let revision = 1; revision <= 8; revision++) {
    // Eight runs: the prepared statement's custom plans and then its generic plan.
    const before = await indexEntriesRead();
    const next = { schemas: [USER], userName: `u${USERS / 2 + 1}`, title: `rev ${revision}` };
    const change = { type: 'user.updated' as const, resourceType: 'User' as const, resourceId: id };
    const outcome = await replaceUserUnread(directory.knex, TENANT, id, { doc: next, updated: change, activeChange: { ...change, type: 'user.reactivated' }, withGroups: false });
    expect(outcome.kind).toBe('written');
    expect(await indexEntriesRead()).toBeLessThan(before + 20);
  }
});
