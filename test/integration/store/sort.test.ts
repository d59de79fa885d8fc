/**
 * Sorting (RFC 7644 §3.4.2.3) on real PostgreSQL: singular, complex sub-attribute, extension and multi-valued
 * `sortBy`, case-insensitivity, placement of missing values, and the `seq` tie-breaker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { applySort, orderByClause, parseSortOrder, type SortOrder } from '../../../lib/store/sort-expression.js';
import { testKnex } from '../../support/database.js';
import { createFilterFixture, TEST_EXTENSION, testRegistry, type FilterFixture } from './filter-fixtures.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
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

function users(sortBy: string | undefined, order?: SortOrder): Promise<string[]> {
  return fixture.ordered('User', (query) => applySort(query, registry, 'User', sortBy, order));
}

function groups(sortBy: string | undefined, order?: SortOrder): Promise<string[]> {
  return fixture.ordered('Group', (query) => applySort(query, registry, 'Group', sortBy, order));
}

describe('sortBy', () => {
  // Fixture: ada (Ada@Example.com), bob, cy, inserted in that order.
  it.each([
    ['userName', 'ascending', ['ada', 'bob', 'cy']],
    ['userName', 'descending', ['cy', 'bob', 'ada']],
    ['USERNAME', 'ascending', ['ada', 'bob', 'cy']],
    ['displayName', 'ascending', ['ada', 'bob', 'cy']],
    ['name.familyName', 'ascending', ['bob', 'ada', 'cy']],
    ['name.familyName', 'descending', ['cy', 'ada', 'bob']],
    ['meta.created', 'descending', ['cy', 'bob', 'ada']],
    ['meta.lastModified', 'ascending', ['bob', 'cy', 'ada']],
    ['active', 'ascending', ['bob', 'ada', 'cy']],
    [`${ENTERPRISE}:department`, 'ascending', ['bob', 'ada', 'cy']],
    [`${TEST_EXTENSION}:level`, 'descending', ['cy', 'bob', 'ada']],
    [`${TEST_EXTENSION}:score`, 'ascending', ['bob', 'ada', 'cy']],
    [`${TEST_EXTENSION}:hiredAt`, 'ascending', ['ada', 'bob', 'cy']],
    [`${ENTERPRISE}:manager`, 'ascending', ['ada', 'bob', 'cy']],
  ] as const)('%s %s', async (sortBy, order, expected) => {
    expect(await users(sortBy, order)).toEqual(expected);
  });

  it('multi-valued attributes sort by the primary value, else the first one', async () => {
    // ada: primary Ada@Example.com (not ada@home.org); bob: BOB@work.com; cy: none.
    expect(await users('emails', 'ascending')).toEqual(['ada', 'bob', 'cy']);
    expect(await users('emails.value', 'descending')).toEqual(['cy', 'bob', 'ada']);
    expect(await users('emails.type', 'ascending')).toEqual(['ada', 'bob', 'cy']);
    expect(await users('emails.display', 'descending')).toEqual(['cy', 'bob', 'ada']);
    expect(await users(`${TEST_EXTENSION}:tags`, 'ascending')).toEqual(['ada', 'bob', 'cy']);
  });

  // The database collation orders strings (so sorted pages can use the lower(display_name) index); the cases
  // below avoid comparisons a collation could settle differently (case-only and punctuation-only differences).
  it('resources without a value come last ascending and first descending', async () => {
    // externalId: ada "EXT-1", bob "ext-1", cy none; title: ada "Countess", bob "", cy null.
    expect((await users('externalId', 'ascending')).at(-1)).toBe('cy');
    expect((await users('externalId', 'descending'))[0]).toBe('cy');
    expect(await users('title', 'ascending')).toEqual(['bob', 'ada', 'cy']);
    expect(await users('title', 'descending')).toEqual(['cy', 'ada', 'bob']);
  });

  it('Groups sort by displayName case-insensitively, and by members', async () => {
    expect(await groups('displayName')).toEqual(['admins', 'empty', 'ops']);
    expect(await groups('displayName', 'descending')).toEqual(['ops', 'empty', 'admins']);
    // Memberships have no list order, so only the group without members has a certain place.
    expect((await groups('members.value')).at(-1)).toBe('empty');
    expect((await groups('members', 'descending'))[0]).toBe('empty');
  });

  it('without sortBy the order is insertion order, sortOrder ignored', async () => {
    expect(await users(undefined, 'descending')).toEqual(['ada', 'bob', 'cy']);
    expect(orderByClause(registry, 'User', undefined).sql).toBe('r.seq asc');
  });

  it.each(['noSuchAttribute', 'name', 'meta', 'emails[type eq "work"]', 'userName eq "x"', '', 'members.display'])(
    'sortBy %j is 400 invalidValue',
    (sortBy) => {
      const type = sortBy.startsWith('members') ? 'Group' : 'User';
      expect(() => orderByClause(registry, type, sortBy)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue' }));
    },
  );

  it('sortOrder is read case-insensitively and refused otherwise', () => {
    expect(parseSortOrder(undefined)).toBe('ascending');
    expect(parseSortOrder('Descending')).toBe('descending');
    expect(() => parseSortOrder('down')).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue' }));
  });
});
