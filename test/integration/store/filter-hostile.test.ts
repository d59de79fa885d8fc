/**
 * Hostile filter values on real PostgreSQL: quotes, LIKE metacharacters, backslashes, SQL fragments, huge
 * numbers, odd dateTimes and deep nesting give rows or a 400, never a SQL error, and never change the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { parseFilter } from '../../../lib/scim/filter/parser.js';
import { ScimError } from '../../../lib/scim/errors.js';
import { MAX_FILTER_CLAUSES } from '../../../lib/scim/filter/limits.js';
import { applyFilter } from '../../../lib/store/filter/compile-filter.js';
import { testKnex } from '../../support/database.js';
import { createFilterFixture, TEST_EXTENSION, testRegistry, type FilterFixture } from './filter-fixtures.js';

const registry = testRegistry();
const EXT = TEST_EXTENSION;

let knex: Knex;
let fixture: FilterFixture;

beforeAll(async () => {
  knex = testKnex();
  fixture = await createFilterFixture(knex);
});
afterAll(async () => {
  await knex.destroy();
});

/** The matching user keys, or the ScimError the filter was refused with. Any other failure fails the test. */
async function run(filter: string, type: 'User' | 'Group' = 'User'): Promise<string[] | ScimError> {
  try {
    return await fixture.keys(type, (query) => applyFilter(query, registry, type, parseFilter(filter)));
  } catch (error) {
    if (error instanceof ScimError && error.status === 400) return error;
    throw error;
  }
}

describe('hostile values are data', () => {
  it.each([
    ['nickName eq "o\'brien"', ['bob']],
    [`nickName eq "'; drop table scim_users; --"`, ['cy']],
    ['nickName co "drop table"', ['cy']],
    ['nickName co "50%"', ['ada']],
    ['nickName co "%"', ['ada']],
    ['userName co "%"', []],
    ['userName sw "_"', []],
    ['nickName co "f_u"', ['ada']],
    ['nickName co "f__"', []],
    ['nickName co "\\\\"', ['ada']],
    ['nickName ew "r\\\\back"', ['ada']],
    ['userName eq "\\\\"', []],
    ['userName eq "\\" or \\"1\\"=\\"1"', []],
    ['emails[value eq "x\\" or 1=1 --"]', []],
    ['userName co "🙂"', []],
    ['id eq "\'; drop table scim_users; --"', []],
    ['id co "%"', []],
    [`${EXT}:level gt 1e308`, []],
    [`${EXT}:level gt -1e308`, ['ada', 'bob']],
    [`${EXT}:level lt -1e308`, []],
    [`${EXT}:score lt 1.7976931348623157e308`, ['ada', 'bob']],
    [`${EXT}:score gt 5e-324`, ['ada']],
    ['meta.created lt "9999-12-31T23:59:59.999999999Z"', ['ada', 'bob', 'cy']],
    ['meta.created gt "0001-01-01T00:00:00+14:00"', ['ada', 'bob', 'cy']],
  ])('%s', async (filter, expected) => {
    expect(await run(filter)).toEqual(expected);
  });

  it('Group display names with LIKE metacharacters match literally', async () => {
    expect(await run('displayName sw "empty_"', 'Group')).toEqual(['empty']);
    expect(await run('displayName co "%"', 'Group')).toEqual(['empty']);
    expect(await run('displayName ew "y_%"', 'Group')).toEqual(['empty']);
    expect(await run('members co "%"', 'Group')).toEqual([]);
  });

  it.each([
    'userName eq "a\\u0000b"',
    'userName eq "\\ud800"',
    `${EXT}:level eq 1.5`,
    `${EXT}:level eq 123456789012345678901234567890`,
    `${EXT}:score eq 1e400`,
    'meta.created gt "0000-01-01T00:00:00Z"',
    'meta.created gt "10000-01-01T00:00:00Z"',
    'meta.created gt "-2024-01-01T00:00:00Z"',
    'meta.created gt "2024-01-01T24:00:00Z"',
    'meta.created gt "2024-01-01T23:59:60Z"',
    'meta.created gt "2024-01-01T00:00:00+15:00"',
    'meta.created gt "2024-01-01T00:00:00"',
    'meta.created gt "2023-02-29T00:00:00Z"',
    "title' eq \"x\"",
    'urn:x\';drop:title eq "x"',
    'urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "x"',
  ])('%s is a 400', async (filter) => {
    const result = await run(filter);
    expect(result).toBeInstanceOf(ScimError);
  });

  it('deep nesting and long chains compile to SQL PostgreSQL runs', async () => {
    const nested = `${'not ('.repeat(24)}${'('.repeat(25)}userName eq "bob"${')'.repeat(49)}`;
    expect(await run(nested)).toEqual(['bob']);
    // Chains as long as the clause cap allows (MAX_FILTER_CLAUSES counts comparisons and operators).
    const chain = Array.from({ length: MAX_FILTER_CLAUSES / 2 - 1 }, (_, i) => `userName eq "u${i}"`).join(' or ');
    expect(await run(`${chain} or userName eq "cy"`)).toEqual(['cy']);
    const values = Array.from({ length: MAX_FILTER_CLAUSES / 4 - 1 }, (_, i) => `value eq "x${i}@example.com" or type eq "t${i}"`).join(' or ');
    expect(await run(`emails[${values} or value eq "bob@work.com"]`)).toEqual(['bob']);
  });

  it('refuses a chain longer than the clause cap before any SQL', async () => {
    const chain = Array.from({ length: 300 }, (_, i) => `userName co "u${i}"`).join(' or ');
    const result = await run(chain);
    expect(result).toBeInstanceOf(ScimError);
    expect(result).toMatchObject({ scimType: 'invalidFilter', detail: expect.stringContaining(`the limit is ${MAX_FILTER_CLAUSES}`) });
  });

  it('leaves the database as it was', async () => {
    expect(await knex.schema.hasTable('scim_users')).toBe(true);
    const rows = await knex('scim_users').where('tenant_id', fixture.tenantId).count({ n: '*' });
    expect(Number(rows[0]?.n)).toBe(3);
  });
});
