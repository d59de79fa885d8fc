/**
 * The ORDER BY expressions of `sortBy` (RFC 7644 §3.4.2.3): columns, lower-casing of caseExact=false strings,
 * the primary-or-first value of multi-valued attributes, and 400 invalidValue for what cannot be sorted by.
 * (lib/store/sort-expression.ts; rows on PostgreSQL in test/integration/store/sort.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { orderByClause, parseSortOrder, sortExpression } from '../../../../lib/store/sort-expression.js';

const registry = createSchemaRegistry();
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('sortExpression', () => {
  it.each([
    ['userName', 'User', 'r.user_name_key'],
    ['displayName', 'User', 'lower(r.display_name)'],
    ['displayName', 'Group', 'r.display_name_key'],
    ['name.familyName', 'User', 'lower(r.family_name)'],
    ['externalId', 'User', 'r.external_id'],
    ['id', 'Group', 'r.id'],
    ['meta.created', 'User', 'r.created_at'],
    ['meta.lastModified', 'Group', 'r.last_modified'],
    ['active', 'User', 'r.active'],
  ] as const)('%s on %s → %s', (sortBy, type, expected) => {
    expect(sortExpression(registry, type, sortBy)).toEqual({ sql: expected, bindings: [] });
  });

  it('doc attributes: lower-cased unless caseExact', () => {
    expect(sortExpression(registry, 'User', 'title').sql).toBe(
      "lower((case when jsonb_typeof(r.doc->'title') = 'string' then r.doc->'title' #>> '{}' end))",
    );
    expect(sortExpression(registry, 'User', `${ENTERPRISE}:manager.value`).sql).toBe(
      `(case when jsonb_typeof(r.doc->'${ENTERPRISE}'->'manager'->'value') = 'string' then r.doc->'${ENTERPRISE}'->'manager'->'value' #>> '{}' end)`,
    );
  });

  it('multi-valued: the primary value, else the first', () => {
    expect(sortExpression(registry, 'User', 'emails').sql).toBe(
      '(select e.value_key from scim_user_emails e where e.tenant_id = r.tenant_id and e.user_id = r.id order by e.is_primary desc, e.position limit 1)',
    );
    expect(sortExpression(registry, 'User', 'phoneNumbers.value').sql).toContain(
      "order by (e.value->'primary' = 'true'::jsonb) desc nulls last, e.n limit 1)",
    );
  });

  it.each(['nope', 'name', 'meta', 'meta.location', 'addresses', 'members', 'userName eq "x"', 'a.b.c', ''])('%j is 400 invalidValue', (sortBy) => {
    expect(() => sortExpression(registry, 'User', sortBy)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue' }));
  });

  it('members.display is not kept where it could be sorted by', () => {
    expect(() => sortExpression(registry, 'Group', 'members.display')).toThrow(expect.objectContaining({ scimType: 'invalidValue' }));
  });
});

describe('orderByClause', () => {
  it('ascending puts missing values last, descending first; seq breaks ties in the same direction', () => {
    expect(orderByClause(registry, 'User', 'userName').sql).toBe('r.user_name_key asc nulls last, r.seq asc');
    expect(orderByClause(registry, 'User', 'userName', 'descending').sql).toBe('r.user_name_key desc nulls first, r.seq desc');
    expect(orderByClause(registry, 'User', undefined, 'descending').sql).toBe('r.seq asc');
  });

  it('parseSortOrder', () => {
    expect(parseSortOrder('ASCENDING')).toBe('ascending');
    expect(() => parseSortOrder('asc')).toThrow(expect.objectContaining({ scimType: 'invalidValue' }));
  });
});
