/**
 * `attr[valFilter].subAttr op value` (Entra ID's `emails[type eq "work"].value eq "…"`) compiled to SQL: the SQL it
 * emits reads the indexed `scim_user_emails` rows for emails and `scim_memberships` for members, and PostgreSQL
 * returns the rows an in-memory reading of the filter would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { parseFilter } from '../../../lib/scim/filter/parser.js';
import { applyFilter, compileFilter } from '../../../lib/store/filter/compile-filter.js';
import { testKnex } from '../../support/database.js';
import { createFilterFixture, testRegistry, type FilterFixture } from './filter-fixtures.js';

const registry = testRegistry();
let knex: Knex;
let fixture: FilterFixture;

beforeAll(async () => {
  knex = testKnex();
  fixture = await createFilterFixture(knex);
});
afterAll(async () => {
  await knex.destroy();
});

const users = (filter: string) => fixture.keys('User', (query) => applyFilter(query, registry, 'User', parseFilter(filter)));
const groups = (filter: string) => fixture.keys('Group', (query) => applyFilter(query, registry, 'Group', parseFilter(filter)));

describe('attr[valFilter].subAttr op value in SQL', () => {
  it('reads emails from the indexed scim_user_emails rows', () => {
    const { sql } = compileFilter(registry, 'User', parseFilter('emails[type eq "work"].value eq "ada@example.com"'));
    expect(sql).toContain('scim_user_emails e');
    expect(sql).toContain('e.type_key');
    expect(sql).toContain('e.value_key');
    expect(sql).not.toContain("r.doc->'emails'");
  });

  it.each([
    ['emails[type eq "work"].value eq "ada@example.com"', ['ada']],
    ['emails[type eq "WORK"].value eq "BOB@WORK.COM"', ['bob']],
    ['emails[type eq "home"].value eq "ada@example.com"', []],
    ['emails[type eq "home"].value ew ".org"', ['ada']],
    ['emails[primary eq true].type eq "work"', ['ada']],
    ['emails[type eq "work"].value pr', ['ada', 'bob']],
    ['emails[type eq "work"].value ne "bob@work.com"', ['ada']],
    ['not (emails[type eq "work"].value eq "bob@work.com")', ['ada', 'cy']],
    ['addresses[type eq "home"].locality eq "London"', ['ada']],
    ['addresses[type eq "work"].locality eq "London"', []],
  ])('%s finds %j', async (filter, expected) => {
    expect(await users(filter)).toEqual(expected);
  });

  it('works on members of groups, from scim_memberships', async () => {
    const { sql } = compileFilter(registry, 'Group', parseFilter(`members[type eq "User"].value eq "${fixture.userIds.ada}"`));
    expect(sql).toContain('scim_memberships m');
    expect(await groups(`members[type eq "User"].value eq "${fixture.userIds.ada}"`)).toEqual(['admins']);
    expect(await groups(`members[type eq "Group"].value eq "${fixture.groupIds.admins}"`)).toEqual(['ops']);
    expect(await groups(`members[type eq "Group"].value eq "${fixture.userIds.bob}"`)).toEqual([]);
  });

  it('works on groups of users, from scim_memberships', async () => {
    expect(await users(`groups[type eq "direct"].value eq "${fixture.groupIds.ops}"`)).toEqual(['bob']);
  });
});
