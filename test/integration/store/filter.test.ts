/**
 * The filter compiler against real PostgreSQL: which users and groups each filter returns (RFC 7644 §3.4.2.2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { parseFilter } from '../../../lib/scim/filter/parser.js';
import { ScimError } from '../../../lib/scim/errors.js';
import { applyFilter } from '../../../lib/store/filter/compile-filter.js';
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

function users(filter: string): Promise<string[]> {
  return fixture.keys('User', (query) => applyFilter(query, registry, 'User', parseFilter(filter)));
}

function groups(filter: string): Promise<string[]> {
  return fixture.keys('Group', (query) => applyFilter(query, registry, 'Group', parseFilter(filter)));
}

type Case = readonly [filter: string, expected: readonly string[]];

async function expectCases(run: (filter: string) => Promise<string[]>, cases: readonly Case[]): Promise<void> {
  for (const [filter, expected] of cases) {
    expect({ filter, keys: await run(filter) }).toEqual({ filter, keys: [...expected].sort() });
  }
}

describe('filters on indexed User columns', () => {
  it('userName is case-insensitive for every operator', async () => {
    await expectCases(users, [
      ['userName eq "ada@example.com"', ['ada']],
      ['userName eq "ADA@EXAMPLE.COM"', ['ada']],
      ['userName ne "BOB"', ['ada', 'cy']],
      ['userName co "EXAMPLE"', ['ada']],
      ['userName sw "B"', ['bob']],
      ['userName ew ".COM"', ['ada']],
      ['userName gt "b"', ['bob', 'cy']],
      ['userName ge "bob"', ['bob', 'cy']],
      ['userName lt "BOB"', ['ada']],
      ['userName le "BOB"', ['ada', 'bob']],
      ['userName pr', ['ada', 'bob', 'cy']],
    ]);
  });

  it('externalId is case-exact', async () => {
    await expectCases(users, [
      ['externalId eq "EXT-1"', ['ada']],
      ['externalId eq "ext-1"', ['bob']],
      ['externalId co "XT"', ['ada']],
      ['externalId sw "e"', ['bob']],
      ['externalId pr', ['ada', 'bob']],
      ['externalId eq null', ['cy']],
      ['externalId ne null', ['ada', 'bob']],
      ['externalId ne "EXT-1"', ['bob', 'cy']],
      ['not (externalId eq "EXT-1")', ['bob', 'cy']],
    ]);
  });

  it('id compares as a case-exact uuid; anything else matches nothing and fails nothing', async () => {
    const ada = fixture.userIds.ada ?? '';
    await expectCases(users, [
      [`id eq "${ada}"`, ['ada']],
      [`id eq "${ada.toUpperCase()}"`, []],
      ['id eq "not-a-uuid"', []],
      ['id ne "not-a-uuid"', ['ada', 'bob', 'cy']],
      [`id ne "${ada}"`, ['bob', 'cy']],
      [`id sw "${ada.slice(0, 8)}"`, ['ada']],
      ['id pr', ['ada', 'bob', 'cy']],
    ]);
  });

  it('active, displayName, name parts, meta', async () => {
    await expectCases(users, [
      ['active eq true', ['ada', 'cy']],
      ['active eq false', ['bob']],
      ['active ne true', ['bob']],
      ['displayName eq "ada lovelace"', ['ada']],
      ['displayName co "LOVE"', ['ada']],
      ['displayName pr', ['ada', 'bob']],
      ['name.familyName eq "builder"', ['bob']],
      ['name.givenName pr', ['ada']],
      ['name.givenName eq null', ['bob', 'cy']],
      ['meta.resourceType eq "User"', ['ada', 'bob', 'cy']],
      ['meta.resourceType eq "user"', []],
      ['meta pr', ['ada', 'bob', 'cy']],
      ['meta.version eq "W/\\"1\\""', ['ada', 'bob', 'cy']],
      ['meta.version eq "W/\\"2\\""', []],
    ]);
  });

  it('dateTimes compare as instants', async () => {
    await expectCases(users, [
      ['meta.created gt "2024-02-01T00:00:00Z"', ['bob', 'cy']],
      ['meta.created ge "2024-03-01T00:00:00Z"', ['bob', 'cy']],
      ['meta.created eq "2024-03-01T01:00:00+01:00"', ['bob']],
      ['meta.created lt "2024-03-01T00:00:00Z"', ['ada']],
      ['meta.lastModified eq "2024-06-01T10:00:00.123456Z"', ['ada']],
      ['meta.lastModified gt "2024-06-01T10:00:00.123Z"', ['ada']],
      ['meta.lastModified le "2024-05-01T00:00:00Z"', ['bob', 'cy']],
    ]);
  });
});

describe('filters on emails (scim_user_emails) and other multi-valued attributes', () => {
  it('emails.value and emails are case-insensitive, any value matching', async () => {
    await expectCases(users, [
      ['emails.value eq "ADA@HOME.ORG"', ['ada']],
      ['emails eq "bob@WORK.com"', ['bob']],
      ['emails co "example"', ['ada']],
      ['emails.value ew ".org"', ['ada']],
      ['emails.value ne "ada@home.org"', ['bob', 'cy']],
      ['emails pr', ['ada', 'bob']],
      ['emails.value eq null', ['cy']],
      ['emails.type eq "WORK"', ['ada', 'bob']],
    ]);
  });

  it('value paths need one element to satisfy the whole value filter', async () => {
    await expectCases(users, [
      ['emails[type eq "work" and value co "example"]', ['ada']],
      ['emails[type eq "home" and value co "example"]', []],
      ['emails[type eq "work" or value ew ".org"]', ['ada', 'bob']],
      ['emails[primary eq true]', ['ada']],
      ['emails[not (type eq "work")]', ['ada']],
      ['emails[value ne "bob@work.com"]', ['ada']],
      ['emails[display co "home"]', ['ada']],
      ['emails[type eq "home" and display pr]', ['ada']],
      ['emails[type pr] and not (emails[primary eq true])', ['bob']],
    ]);
  });

  it('multi-valued attributes in doc: addresses, simple multi-valued, complex without value', async () => {
    await expectCases(users, [
      ['addresses[locality eq "london"]', ['ada']],
      ['addresses.country eq "gb"', ['ada']],
      ['addresses pr', ['ada']],
      [`${TEST_EXTENSION}:tags eq "beta"`, ['ada']],
      [`${TEST_EXTENSION}:tags pr`, ['ada']],
      [`${TEST_EXTENSION}:badges pr`, ['ada']],
      [`${TEST_EXTENSION}:badges[rank ge 1 and label sw "G"]`, ['ada']],
      ['schemas pr', []],
    ]);
  });

  it('a multi-valued complex attribute without a value sub-attribute cannot be compared', async () => {
    await expect(users(`${TEST_EXTENSION}:badges eq "gold"`)).rejects.toMatchObject({ scimType: 'invalidFilter' });
    await expect(users('addresses co "London"')).rejects.toMatchObject({ scimType: 'invalidFilter' });
  });
});

describe('filters on doc attributes', () => {
  it('simple and complex core attributes', async () => {
    await expectCases(users, [
      ['title eq "countess"', ['ada']],
      ['title pr', ['ada']],
      ['title eq null', ['bob', 'cy']],
      ['title ne "Countess"', ['bob', 'cy']],
      ['name.formatted co "love"', ['ada']],
      ['name pr', ['ada', 'bob']],
      ['nickName eq "o\'brien"', ['bob']],
    ]);
  });

  it('enterprise extension attributes under the URN key', async () => {
    await expectCases(users, [
      [`${ENTERPRISE}:employeeNumber eq "701"`, ['ada']],
      [`${ENTERPRISE}:department eq "r&d"`, ['ada']],
      [`${ENTERPRISE}:department pr`, ['ada', 'bob']],
      [`${ENTERPRISE}:manager.value eq "MGR-1"`, ['ada']],
      [`${ENTERPRISE}:manager.value eq "mgr-1"`, []],
      [`${ENTERPRISE}:manager eq "MGR-1"`, ['ada']],
      [`${ENTERPRISE}:manager.displayName eq "babbage"`, ['ada']],
      [`${ENTERPRISE}:manager pr`, ['ada']],
      ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:DEPARTMENT eq "ops"', ['bob']],
    ]);
  });

  it('integers and decimals compare as numbers; wrongly typed stored values never match', async () => {
    const ext = TEST_EXTENSION;
    await expectCases(users, [
      [`${ext}:level eq 3`, ['ada']],
      [`${ext}:level gt 3`, ['bob']],
      [`${ext}:level ge 3`, ['ada', 'bob']],
      [`${ext}:level lt 10`, ['ada']],
      [`${ext}:level le 10`, ['ada', 'bob']],
      [`${ext}:level ne 3`, ['bob', 'cy']],
      [`${ext}:level eq 7`, []],
      [`${ext}:level pr`, ['ada', 'bob', 'cy']],
      [`${ext}:score lt 0`, ['bob']],
      [`${ext}:score ge 4.5`, ['ada']],
      [`${ext}:score gt 4.49`, ['ada']],
      [`${ext}:score lt 1e300`, ['ada', 'bob']],
    ]);
  });

  it('booleans, case-exact strings and dateTimes in doc', async () => {
    const ext = TEST_EXTENSION;
    await expectCases(users, [
      [`${ext}:contractor eq true`, ['bob']],
      [`${ext}:contractor eq false`, ['ada']],
      [`${ext}:contractor ne true`, ['ada', 'cy']],
      [`${ext}:code eq "abc"`, ['bob']],
      [`${ext}:code eq "AbC"`, ['ada']],
      [`${ext}:code gt "B"`, ['bob']],
      [`${ext}:hiredAt lt "2021-01-01T00:00:00Z"`, ['ada']],
      [`${ext}:hiredAt eq "2023-01-01T10:00:00Z"`, ['bob']],
      [`${ext}:hiredAt gt "2000-01-01T00:00:00Z"`, ['ada', 'bob']],
    ]);
  });
});

describe('logical operators', () => {
  it('and binds tighter than or, not negates a group, parentheses regroup', async () => {
    await expectCases(users, [
      ['userName eq "bob" or userName eq "cy" and active eq false', ['bob']],
      ['(userName eq "bob" or userName eq "cy") and active eq true', ['cy']],
      ['userName eq "cy" or userName eq "bob" and active eq false', ['bob', 'cy']],
      ['not (userName eq "bob" or userName eq "cy")', ['ada']],
      ['not (not (active eq true))', ['ada', 'cy']],
      ['active eq true and not (title pr)', ['cy']],
      ['title eq "x" or not (title eq "x")', ['ada', 'bob', 'cy']],
    ]);
  });
});

describe('Group filters', () => {
  it('displayName (display_name_key), externalId, members via memberships', async () => {
    const ada = fixture.userIds.ada ?? '';
    const admins = fixture.groupIds.admins ?? '';
    await expectCases(groups, [
      ['displayName eq "ADMINS"', ['admins']],
      ['displayName sw "ops"', ['ops']],
      ['displayName co "_%"', ['empty']],
      ['externalId eq "G-ADM"', ['admins']],
      [`members.value eq "${ada}"`, ['admins']],
      [`members[value eq "${ada.toUpperCase()}"]`, ['admins']],
      [`members eq "${admins}"`, ['ops']],
      ['members[value eq "not-a-uuid"]', []],
      ['members.value ne "not-a-uuid"', ['admins', 'empty', 'ops']],
      ['members[type eq "group"]', ['ops']],
      ['members pr', ['admins', 'ops']],
      ['members eq null', ['empty']],
      ['meta.resourceType eq "Group"', ['admins', 'empty', 'ops']],
    ]);
  });

  it('members sub-attributes the memberships table does not keep are a 400', async () => {
    await expect(groups('members.display eq "Ada"')).rejects.toMatchObject({ status: 400, scimType: 'invalidFilter' });
  });

  it("a User's groups come from memberships", async () => {
    const admins = fixture.groupIds.admins ?? '';
    await expectCases(users, [
      [`groups.value eq "${admins}"`, ['ada', 'bob']],
      ['groups[display eq "ops team"]', ['bob']],
      ['groups.type eq "direct"', ['ada', 'bob']],
      ['groups pr', ['ada', 'bob']],
    ]);
  });
});

describe('invalid filters', () => {
  it.each([
    ['active eq "x"', 1],
    ['meta.created gt 5', 1],
    ['meta.created gt "yesterday"', 1],
    ['meta.created gt "2024-02-30T00:00:00Z"', 1],
    ['title eq 5', 1],
    ['userName eq true', 1],
    ['active gt true', 1],
    [`${TEST_EXTENSION}:level eq "3"`, 1],
    [`${TEST_EXTENSION}:level co 3`, 1],
    ['userName eq "a" and noSuchAttribute eq "x"', 21],
    ['name eq "Ada"', 1],
    ['userName[value eq "x"]', 1],
    ['userName gt null', 1],
  ])('%s is 400 invalidFilter naming position %i', async (filter, position) => {
    const error: unknown = await users(filter).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect((error as ScimError).detail).toContain(`position ${position}`);
  });
});
