/**
 * The compiled filters and sorts run unchanged on PGlite, the standalone server's embedded database: the same
 * fixture and a sample of every kind of predicate, with the same answers as on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { parseFilter } from '../../../lib/scim/filter/parser.js';
import { migrateToLatest } from '../../../lib/store/migration-source.js';
import { applyFilter } from '../../../lib/store/filter/compile-filter.js';
import { applySort } from '../../../lib/store/sort-expression.js';
import { memoryPgliteKnex } from '../../support/database.js';
import { createFilterFixture, TEST_EXTENSION, testRegistry, type FilterFixture } from './filter-fixtures.js';

const registry = testRegistry();
let knex: Knex;
let fixture: FilterFixture;

beforeAll(async () => {
  knex = memoryPgliteKnex();
  await migrateToLatest(knex);
  fixture = await createFilterFixture(knex);
}, 60_000);
afterAll(async () => {
  await knex.destroy();
});

describe('filters on PGlite', () => {
  it.each([
    ['userName eq "ADA@example.com"', ['ada']],
    ['externalId eq "ext-1"', ['bob']],
    ['emails[type eq "work" and value co "example"]', ['ada']],
    ['emails[display co "home"]', ['ada']],
    ['title ne "countess"', ['bob', 'cy']],
    ['name pr and not (active eq false)', ['ada']],
    ['nickName co "%"', ['ada']],
    ['id eq "nope"', []],
    ['meta.created gt "2024-02-01T00:00:00Z"', ['bob', 'cy']],
    [`${TEST_EXTENSION}:level ge 3`, ['ada', 'bob']],
    [`${TEST_EXTENSION}:hiredAt lt "2021-01-01T00:00:00Z"`, ['ada']],
    [`${TEST_EXTENSION}:tags eq "BETA"`, ['ada']],
    ['groups[display eq "ops team"]', ['bob']],
  ])('%s', async (filter, expected) => {
    expect(await fixture.keys('User', (query) => applyFilter(query, registry, 'User', parseFilter(filter)))).toEqual(expected);
  });

  it('members and sorting', async () => {
    const ada = fixture.userIds.ada ?? '';
    expect(await fixture.keys('Group', (query) => applyFilter(query, registry, 'Group', parseFilter(`members eq "${ada}"`)))).toEqual(['admins']);
    expect(await fixture.ordered('User', (query) => applySort(query, registry, 'User', 'emails', 'descending'))).toEqual(['cy', 'bob', 'ada']);
    expect(await fixture.ordered('User', (query) => applySort(query, registry, 'User', `${TEST_EXTENSION}:score`))).toEqual(['bob', 'ada', 'cy']);
  });
});
