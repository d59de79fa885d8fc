/**
 * The SQL text and bindings the filter compiler emits, per operator and attribute kind (RFC 7644 §3.4.2.2).
 * What PostgreSQL returns for them is tested in test/integration/store/filter.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../../lib/scim/filter/parser.js';
import { attribute } from '../../../../lib/scim/schema/attribute-builder.js';
import { enterpriseUserSchema } from '../../../../lib/scim/schema/enterprise-user-schema.js';
import { groupSchema } from '../../../../lib/scim/schema/group-schema.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { groupResourceType, userResourceType } from '../../../../lib/scim/schema/resource-types.js';
import { userSchema } from '../../../../lib/scim/schema/user-schema.js';
import { compileFilter } from '../../../../lib/store/filter/compile-filter.js';
import type { SqlFragment } from '../../../../lib/store/filter/sql-fragment.js';

const EXT = 'urn:example:params:scim:schemas:extension:unit:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const registry = createSchemaRegistry({
  schemas: [
    userSchema,
    enterpriseUserSchema,
    groupSchema,
    {
      id: EXT,
      name: 'Unit',
      description: 'numbers and dates',
      attributes: [
        attribute('level', 'integer', 'An integer.'),
        attribute('score', 'decimal', 'A decimal.'),
        attribute('hiredAt', 'dateTime', 'A dateTime.'),
        attribute('tags', 'string', 'Tags.', { multiValued: true }),
      ],
    },
  ],
  resourceTypes: [{ ...userResourceType, schemaExtensions: [{ schema: ENTERPRISE, required: false }, { schema: EXT, required: false }] }, groupResourceType],
});

function compile(filter: string, type: 'User' | 'Group' = 'User'): SqlFragment {
  const fragment = compileFilter(registry, type, parseFilter(filter));
  // Every `?` in the text is a placeholder with its binding: nothing else may look like one to knex.
  expect(fragment.sql.split('?').length - 1).toBe(fragment.bindings.length);
  return fragment;
}

function errorOf(filter: string, type: 'User' | 'Group' = 'User'): unknown {
  try {
    compile(filter, type);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('indexed columns', () => {
  it('userName: the lower-cased key column, the value lower-cased the way the store does it', () => {
    expect(compile('userName eq "Ada@Example.COM"')).toEqual({ sql: 'r.user_name_key = cast(? as text)', bindings: ['ada@example.com'] });
    expect(compile('userName sw "Ad"')).toEqual({ sql: "r.user_name_key like cast(? as text) escape '\\'", bindings: ['ad%'] });
    expect(compile('userName gt "M"')).toEqual({ sql: 'r.user_name_key collate "C" > cast(? as text)', bindings: ['m'] });
  });

  it('externalId: case-exact, no lower()', () => {
    expect(compile('externalId eq "AbC"')).toEqual({ sql: 'r.external_id = cast(? as text)', bindings: ['AbC'] });
    expect(compile('externalId co "b"')).toEqual({ sql: "r.external_id like cast(? as text) escape '\\'", bindings: ['%b%'] });
  });

  it('id: a uuid comparison, or false for a value that is not a canonical uuid', () => {
    const id = '2819c223-7f76-453a-919d-413861904646';
    expect(compile(`id eq "${id}"`)).toEqual({ sql: 'r.id = cast(? as uuid)', bindings: [id] });
    expect(compile(`id eq "${id.toUpperCase()}"`)).toEqual({ sql: 'false', bindings: [] });
    expect(compile('id eq "x\'; drop table scim_users"')).toEqual({ sql: 'false', bindings: [] });
    expect(compile('id ne "nope"')).toEqual({ sql: '(false) is not true', bindings: [] });
    expect(compile('id sw "2819"')).toEqual({ sql: "r.id::text like cast(? as text) escape '\\'", bindings: ['2819%'] });
  });

  it('displayName: lower(column) on users (matching the expression index), the key column on groups', () => {
    expect(compile('displayName eq "Ada"')).toEqual({ sql: 'lower(r.display_name) = lower(cast(? as text))', bindings: ['Ada'] });
    expect(compile('displayName eq "Admins"', 'Group')).toEqual({ sql: 'r.display_name_key = cast(? as text)', bindings: ['admins'] });
    expect(compile('name.familyName ew "ace"').sql).toBe("lower(r.family_name) like lower(cast(? as text)) escape '\\'");
    expect(compile('name.givenName pr').sql).toBe("(r.given_name is not null and r.given_name <> '')");
  });

  it('active, meta.created, meta.lastModified, meta.resourceType', () => {
    expect(compile('active eq true')).toEqual({ sql: 'r.active = ?', bindings: [true] });
    expect(compile('active ne false')).toEqual({ sql: '(r.active = ?) is not true', bindings: [false] });
    expect(compile('meta.created ge "2024-01-01T00:00:00+01:00"')).toEqual({
      sql: 'r.created_at >= cast(? as timestamptz)',
      bindings: ['2024-01-01T00:00:00+01:00'],
    });
    expect(compile('meta.lastModified lt "2024-01-01T00:00:00.5Z"').sql).toBe('r.last_modified < cast(? as timestamptz)');
    expect(compile('meta.resourceType eq "User"')).toEqual({ sql: 'cast(? as text) = cast(? as text)', bindings: ['User', 'User'] });
    expect(compile('meta.version eq "W/\\"3\\""')).toEqual({ sql: `('W/"' || r.revision || '"') = cast(? as text)`, bindings: ['W/"3"'] });
  });

  it('meta.location is built per request, so it is refused rather than matching nothing', () => {
    expect(errorOf('meta.location sw "https://"')).toMatchObject({ scimType: 'invalidFilter' });
    expect(errorOf('meta.location pr')).toMatchObject({ scimType: 'invalidFilter' });
  });
});

describe('emails and memberships', () => {
  it('emails.value and emails: EXISTS over scim_user_emails with the key columns', () => {
    const expected = {
      sql: 'exists (select 1 from scim_user_emails e where e.tenant_id = r.tenant_id and e.user_id = r.id and (e.value_key = cast(? as text)))',
      bindings: ['a@x.org'],
    };
    expect(compile('emails.value eq "A@X.org"')).toEqual(expected);
    expect(compile('emails eq "A@X.org"')).toEqual(expected);
  });

  it('emails value filter reads type_key and is_primary in the same row', () => {
    expect(compile('emails[type eq "Work" and primary eq true]')).toEqual({
      sql: 'exists (select 1 from scim_user_emails e where e.tenant_id = r.tenant_id and e.user_id = r.id and ((e.type_key = cast(? as text)) and (e.is_primary = ?)))',
      bindings: ['work', true],
    });
  });

  it('emails sub-attributes the table lacks fall back to the doc array', () => {
    const { sql } = compile('emails[display eq "x" and type eq "work"]');
    expect(sql).toContain("jsonb_array_elements(case when jsonb_typeof(r.doc->'emails') = 'array' then r.doc->'emails' else '[]'::jsonb end)");
    expect(sql).toContain("e.value->'display'");
    expect(sql).not.toContain('scim_user_emails');
  });

  it('ne and null are decided for the whole multi-valued attribute', () => {
    expect(compile('emails.value ne "a"').sql).toBe(
      '(exists (select 1 from scim_user_emails e where e.tenant_id = r.tenant_id and e.user_id = r.id and (e.value_key = cast(? as text)))) is not true',
    );
    expect(compile('emails eq null').sql).toBe(
      "(exists (select 1 from scim_user_emails e where e.tenant_id = r.tenant_id and e.user_id = r.id and ((e.value_key is not null and e.value_key <> '')))) is not true",
    );
    expect(compile('emails pr').sql).toBe('exists (select 1 from scim_user_emails e where e.tenant_id = r.tenant_id and e.user_id = r.id and (true))');
  });

  it('Group members and User groups: EXISTS over scim_memberships; non-uuid values are false', () => {
    const id = '2819c223-7f76-453a-919d-413861904646';
    expect(compile(`members.value eq "${id.toUpperCase()}"`, 'Group')).toEqual({
      sql: 'exists (select 1 from scim_memberships m where m.tenant_id = r.tenant_id and m.group_id = r.id and (m.member_id = cast(? as uuid)))',
      bindings: [id],
    });
    expect(compile('members[value eq "bogus"]', 'Group').sql).toContain('and (false))');
    expect(compile('members.type eq "User"', 'Group').bindings).toEqual(['User']);
    expect(compile('groups.display eq "Admins"').sql).toContain('join scim_groups g on g.tenant_id = gm.tenant_id and g.id = gm.group_id');
  });
});

describe('doc attributes', () => {
  it('singular strings are read only when they are JSON strings', () => {
    expect(compile('title eq "Boss"')).toEqual({
      sql: "lower((case when jsonb_typeof(r.doc->'title') = 'string' then r.doc->'title' #>> '{}' end)) = lower(cast(? as text))",
      bindings: ['Boss'],
    });
  });

  it('complex sub-attributes and extension attributes use canonical names under the URN key', () => {
    expect(compile('NAME.FORMATTED co "a"').sql).toContain("r.doc->'name'->'formatted'");
    expect(compile(`${ENTERPRISE.toUpperCase()}:EMPLOYEENUMBER eq "7"`).sql).toContain(`r.doc->'${ENTERPRISE}'->'employeeNumber'`);
    const manager = compile(`${ENTERPRISE}:manager eq "M-1"`);
    expect(manager.sql).toContain(`r.doc->'${ENTERPRISE}'->'manager'->'value'`);
    // manager.value is caseExact (RFC 7643 §4.3 refers to an id).
    expect(manager.sql).not.toContain('lower(');
  });

  it('numbers compare as numeric, dateTimes through a guarded cast', () => {
    expect(compile(`${EXT}:level gt 3`)).toEqual({
      sql: `(case when jsonb_typeof(r.doc->'${EXT}'->'level') = 'number' then (r.doc->'${EXT}'->'level')::numeric end) > cast(? as numeric)`,
      bindings: [3],
    });
    expect(compile(`${EXT}:score le -1.5`).bindings).toEqual([-1.5]);
    const date = compile(`${EXT}:hiredAt lt "2020-01-01T00:00:00Z"`);
    expect(date.sql).toContain('::timestamptz end end) < cast(? as timestamptz)');
    expect(date.bindings.at(-1)).toBe('2020-01-01T00:00:00Z');
  });

  it('multi-valued simple attributes: EXISTS over the array elements', () => {
    expect(compile(`${EXT}:tags eq "a"`).sql).toBe(
      `exists (select 1 from jsonb_array_elements(case when jsonb_typeof(r.doc->'${EXT}'->'tags') = 'array' then r.doc->'${EXT}'->'tags' else '[]'::jsonb end) with ordinality as e(value, n) where lower((case when jsonb_typeof(e.value) = 'string' then e.value #>> '{}' end)) = lower(cast(? as text)))`,
    );
  });

  it('pr and null: non-empty values only', () => {
    expect(compile('title pr').sql).toBe("(r.doc->'title' is not null and r.doc->'title' not in ('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb))");
    expect(compile('title eq null').sql).toBe(`(${compile('title pr').sql}) is not true`);
    expect(compile('title ne null').sql).toBe(compile('title pr').sql);
    expect(compile('name pr').sql).toContain("jsonb_each(case when jsonb_typeof(r.doc->'name') = 'object'");
    expect(compile('meta pr').sql).toBe('true');
  });
});

describe('operators and logic', () => {
  it('co/sw/ew escape LIKE metacharacters in the bound pattern', () => {
    expect(compile('title co "50%_\\\\"').bindings).toEqual(['%50\\%\\_\\\\%']);
    expect(compile('title sw "a"').bindings).toEqual(['a%']);
    expect(compile('title ew "a"').bindings).toEqual(['%a']);
  });

  it('ordering on strings is code-point order', () => {
    for (const [op, symbol] of [['gt', '>'], ['ge', '>='], ['lt', '<'], ['le', '<=']] as const) {
      expect(compile(`externalId ${op} "m"`).sql).toBe(`r.external_id collate "C" ${symbol} cast(? as text)`);
    }
  });

  it('and, or, not keep the parsed grouping; not and ne are two-valued', () => {
    expect(compile('externalId eq "a" or externalId eq "b" and active eq true')).toEqual({
      sql: '(r.external_id = cast(? as text)) or ((r.external_id = cast(? as text)) and (r.active = ?))',
      bindings: ['a', 'b', true],
    });
    expect(compile('not (externalId eq "a")').sql).toBe('(r.external_id = cast(? as text)) is not true');
    expect(compile('externalId ne "a"').sql).toBe('(r.external_id = cast(? as text)) is not true');
  });

  it('values never appear in the SQL text', () => {
    const hostile = `x'; drop table scim_users; --`;
    for (const filter of [`title eq "${hostile}"`, `emails[value co "${hostile}"]`, `externalId gt "${hostile}"`]) {
      const { sql, bindings } = compile(filter);
      expect(sql).not.toContain('drop table');
      expect(bindings.some((binding) => String(binding).includes('drop table'))).toBe(true);
    }
  });
});

describe('errors name the position', () => {
  it.each([
    ['active eq "yes"', 1, 'not a valid boolean value'],
    ['userName eq "a" and meta.created gt 5', 21, 'not a valid dateTime value'],
    ['meta.created gt "2024-13-01T00:00:00Z"', 1, 'not a valid dateTime value'],
    ['title eq 5', 1, 'not a valid string value'],
    [`${EXT}:level eq "3"`, 1, 'not a valid number value'],
    [`${EXT}:level eq 3.5`, 1, 'not a valid integer value'],
    [`${EXT}:level sw 3`, 1, "'sw' is not supported"],
    ['active lt true', 1, "'lt' is not supported"],
    ['title co null', 1, 'cannot compare with null'],
    ['name eq "x"', 1, 'is complex'],
    ['title[value eq "x"]', 1, 'takes no value filter'],
    ['emails[nope eq "x"]', 8, 'not a sub-attribute'],
    ['(userName eq "a") or bogus pr', 22, 'not an attribute of User'],
  ])('%s → position %i', (filter, position, detail) => {
    const error = errorOf(filter);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect((error as Error).message).toContain(`position ${position}`);
    expect((error as Error).message).toContain(detail);
  });

  it('a value PostgreSQL cannot store is refused by the parser as invalidValue naming the attribute', () => {
    expect(errorOf('title eq "a\\u0000"')).toMatchObject({ status: 400, scimType: 'invalidValue', detail: expect.stringContaining('position 1: the value compared with "title"') });
  });

  it('members sub-attributes not kept in scim_memberships', () => {
    expect(errorOf('members[display eq "x"]', 'Group')).toMatchObject({ scimType: 'invalidFilter' });
    expect(errorOf('groups.$ref eq "x"')).toMatchObject({ scimType: 'invalidFilter' });
  });
});
